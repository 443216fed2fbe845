/* SPDX-License-Identifier: MIT */
/*
 * Workload of bench/mmap: the cost of mmap, mprotect and munmap of one
 * page with many mappings already there, measured inside the program with
 * clock_gettime.  The existing mappings come from splitting one reserved
 * region with mprotect (pages alternate PROT_NONE and PROT_READ, so none
 * merge); at each level a batch of single pages is mapped (alternating
 * PROT_EXEC and PROT_READ|PROT_EXEC), changed to PROT_READ and
 * PROT_READ|PROT_WRITE in turn (so none merge) and unmapped, several
 * times, and the median batch is kept.  A batch of getppid calls gives the
 * cost of a syscall that does nothing, for comparison.
 *
 *   mmap_work LEVEL...      (ascending, at most 65000)
 * prints one line per level: "LEVEL mmap_ns mprotect_ns munmap_ns null_ns".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PG 4096L
#define BATCH 256
#define ROUNDS 7
#define MAX_LEVEL 65000L

static char *pages[BATCH];

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v)
{
    qsort(v, ROUNDS, sizeof(*v), cmp);
    return v[ROUNDS / 2];
}

static void fail(const char *what)
{
    perror(what);
    exit(1);
}

int main(int argc, char **argv)
{
    long pages_total = MAX_LEVEL + 4, made = 1, next = 1;
    char *r = mmap(NULL, pages_total * PG, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED)
        fail("reserve");
    for (int a = 1; a < argc; a++) {
        long level = atol(argv[a]);
        if (level > MAX_LEVEL || level < 1)
            fail("level out of range");
        for (; made + 2 <= level; made += 2, next++)
            if (mprotect(r + (2 * next - 1) * PG, PG, PROT_READ))
                fail("mprotect (populate)");
        double t_map[ROUNDS], t_prot[ROUNDS], t_unmap[ROUNDS], t_null[ROUNDS];
        for (int k = 0; k < ROUNDS; k++) {
            double t0 = now_ns();
            for (int i = 0; i < BATCH; i++) {
                pages[i] =
                    mmap(NULL, PG, i & 1 ? PROT_EXEC : PROT_READ | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (pages[i] == MAP_FAILED)
                    fail("mmap");
            }
            double t1 = now_ns();
            for (int i = 0; i < BATCH; i++)
                if (mprotect(pages[i], PG,
                             i & 1 ? PROT_READ : PROT_READ | PROT_WRITE))
                    fail("mprotect");
            double t2 = now_ns();
            for (int i = 0; i < BATCH; i++)
                if (munmap(pages[i], PG))
                    fail("munmap");
            double t3 = now_ns();
            for (int i = 0; i < BATCH; i++)
                syscall(SYS_getppid);
            double t4 = now_ns();
            t_map[k] = (t1 - t0) / BATCH;
            t_null[k] = (t4 - t3) / BATCH;
            t_prot[k] = (t2 - t1) / BATCH;
            t_unmap[k] = (t3 - t2) / BATCH;
        }
        printf("%ld %.0f %.0f %.0f %.0f\n", level, median(t_map),
               median(t_prot), median(t_unmap), median(t_null));
        fflush(stdout);
    }
    return 0;
}
