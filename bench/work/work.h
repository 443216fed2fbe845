/* SPDX-License-Identifier: MIT */
/*
 * What every workload of bench/compare shares.  A workload is a static
 * program that takes a count of iterations, does its operation that many
 * times and prints one line per figure:
 *
 *     NAME VALUE
 *
 * VALUE is nanoseconds per operation, from CLOCK_MONOTONIC read inside
 * the program, so that boot and exit are never part of it.  Under QEMU's
 * -icount shift=0 the guest clock counts instructions, scaled by the TSC
 * rate the guest kernel believes in; bench/compare turns ns into
 * instructions with the figure of bench/work/calib.c from the same guest.
 */
#ifndef BENCH_WORK_H
#define BENCH_WORK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double work_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static inline void work_fail(const char *what)
{
    perror(what);
    exit(1);
}

/* The iteration count of "NAME ITERS", or exit 2 with the usage line. */
static inline long work_iters(int argc, char **argv)
{
    long n = argc == 2 ? atol(argv[1]) : 0;
    if (n <= 0) {
        fprintf(stderr, "usage: %s ITERS\n", argv[0]);
        exit(2);
    }
    return n;
}

static inline void work_print(const char *name, double ns_per_op)
{
    printf("%s %.1f\n", name, ns_per_op);
}

#endif
