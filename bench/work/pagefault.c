/* SPDX-License-Identifier: MIT */
/*
 * pagefault ITERS: one anonymous private mapping of ITERS pages, one byte
 * written to each; only the writes are timed, so the figure is ns per
 * demand-zero page fault.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "work.h"

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    long page = sysconf(_SC_PAGESIZE);
    size_t len = (size_t)iters * page;

    volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        work_fail("mmap");

    double t0 = work_now_ns();
    for (long i = 0; i < iters; i++)
        p[i * page] = (char)(i | 1);
    double t1 = work_now_ns();

    for (long i = 0; i < iters; i++) {
        if (p[i * page] != (char)(i | 1) || p[i * page + 1] != 0) {
            fprintf(stderr, "pagefault: page %ld reads back wrong\n", i);
            return 1;
        }
    }
    if (munmap((void *)p, len) != 0)
        work_fail("munmap");
    work_print("pagefault", (t1 - t0) / iters);
    return 0;
}
