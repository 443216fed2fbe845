/* SPDX-License-Identifier: MIT */
/*
 * clock ITERS: clock_gettime(CLOCK_MONOTONIC) through libc, ITERS * 1000
 * times (the vDSO when the kernel offers one); ns per call.  Each reading
 * must not be before the one preceding it.
 */
#include "work.h"

int main(int argc, char **argv)
{
    long n = work_iters(argc, argv) * 1000;
    struct timespec prev, t;

    double t0 = work_now_ns();
    if (clock_gettime(CLOCK_MONOTONIC, &prev) != 0)
        work_fail("clock_gettime");
    for (long i = 1; i < n; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
            work_fail("clock_gettime");
        if (t.tv_sec < prev.tv_sec ||
            (t.tv_sec == prev.tv_sec && t.tv_nsec < prev.tv_nsec)) {
            fprintf(stderr, "clock: went back at call %ld\n", i);
            return 1;
        }
        prev = t;
    }
    double t1 = work_now_ns();
    work_print("clock", (t1 - t0) / n);
    return 0;
}
