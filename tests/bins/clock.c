/* SPDX-License-Identifier: MIT */
/* clock_gettime (monotonic never goes back, realtime is a sane date),
 * clock_getres, gettimeofday, time(), and the raw syscalls (no vDSO). */
#include "t.h"
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int main(void)
{
    struct timespec a, b, r;
    int back = 0, badns = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        back += ns(&b) < ns(&a);
        badns += b.tv_nsec < 0 || b.tv_nsec >= 1000000000;
        a = b;
    }
    printf("monotonic went back %d times, bad nsec %d\n", back, badns);
    T("raw monotonic", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b));
    FACT("raw >= libc", ns(&b) >= ns(&a));
    clock_gettime(CLOCK_REALTIME, &a);
    struct tm tm;
    gmtime_r(&a.tv_sec, &tm);
    FACT("realtime year in [2024, 2100)", tm.tm_year + 1900 >= 2024 &&
         tm.tm_year + 1900 < 2100);
    struct timeval tv;
    T("gettimeofday", gettimeofday(&tv, NULL));
    FACT("gettimeofday within 2 s of realtime", tv.tv_sec - a.tv_sec <= 2 &&
         tv.tv_sec >= a.tv_sec && tv.tv_usec < 1000000);
    /* glibc's time() reads the coarse clock, up to a tick behind */
    time_t t = time(NULL);
    FACT("time() within 2 s", t >= a.tv_sec - 1 && t - a.tv_sec <= 2);
    FACT("raw time() within 2 s", syscall(SYS_time, NULL) - a.tv_sec <= 2);
    static const struct { clockid_t id; const char *name; } c[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
        { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "BOOTTIME" },
        { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
        { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" },
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        char l[64];
        snprintf(l, sizeof l, "clock_gettime %s", c[i].name);
        TOK(l, syscall(SYS_clock_gettime, c[i].id, &a));
        snprintf(l, sizeof l, "clock_getres %s", c[i].name);
        T(l, syscall(SYS_clock_getres, c[i].id, &r));
        printf("  res %lld ns\n", ns(&r));
    }
    TOK("clock_gettime REALTIME_COARSE", syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &a));
    T("clock_gettime bad id", syscall(SYS_clock_gettime, 1234, &a));
    T("clock_getres bad id", syscall(SYS_clock_getres, 1234, &r));
    T("clock_getres NULL", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_BOOTTIME, &b);
    FACT("boottime >= monotonic", ns(&b) >= ns(&a));
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    FACT("cputime > 0", ns(&a) > 0);
    return 0;
}
