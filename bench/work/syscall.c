/* SPDX-License-Identifier: MIT */
/*
 * syscall ITERS: a null system call, getppid through syscall() so that no
 * libc can answer it from a cache; ns per call.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

#include "work.h"

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    long want = syscall(SYS_getppid);

    if (want <= 0)
        work_fail("getppid");
    double t0 = work_now_ns();
    for (long i = 0; i < iters; i++) {
        if (syscall(SYS_getppid) != want) {
            fprintf(stderr, "syscall: getppid changed\n");
            return 1;
        }
    }
    double t1 = work_now_ns();
    work_print("syscall", (t1 - t0) / iters);
    return 0;
}
