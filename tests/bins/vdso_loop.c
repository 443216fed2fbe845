/* SPDX-License-Identifier: MIT */
/* A million clock_gettime(CLOCK_MONOTONIC) calls through libc, each not
 * below the one before; "ok".  With the vDSO they make no syscall: the
 * runner's special:vDSO case checks that in the syscall report. */
#include "t.h"
#include <time.h>

int main(void)
{
    struct timespec a, b;
    long back = 0, bad = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000000; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &b) != 0 || b.tv_nsec < 0 ||
            b.tv_nsec >= 1000000000)
            bad++;
        back += b.tv_sec < a.tv_sec ||
                (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec);
        a = b;
    }
    if (back || bad) {
        printf("went back %ld times, %ld bad reads\n", back, bad);
        return 1;
    }
    printf("ok\n");
    return 0;
}
