/* SPDX-License-Identifier: MIT */
/* nanosleep and clock_nanosleep (relative and absolute) sleep at least
 * as long as asked; invalid arguments fail. */
#include "t.h"
#include <time.h>

static long long now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(void)
{
    struct timespec ts = { 0, 10000000 }, rem = { 9, 9 };
    long long t0 = now(CLOCK_MONOTONIC);
    T("nanosleep 10ms", nanosleep(&ts, &rem));
    long long d = now(CLOCK_MONOTONIC) - t0;
    FACT("slept >= 10ms", d >= 10000000);
    FACT("slept < 2s", d < 2000000000);
    t0 = now(CLOCK_MONOTONIC);
    T("clock_nanosleep rel 10ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL));
    FACT("slept >= 10ms", now(CLOCK_MONOTONIC) - t0 >= 10000000);
    long long target = now(CLOCK_MONOTONIC) + 15000000;
    struct timespec abs = { target / 1000000000, target % 1000000000 };
    T("clock_nanosleep abs +15ms", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
    FACT("woke after target", now(CLOCK_MONOTONIC) >= target);
    t0 = now(CLOCK_REALTIME) + 10000000;
    abs.tv_sec = t0 / 1000000000, abs.tv_nsec = t0 % 1000000000;
    T("clock_nanosleep realtime abs", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL));
    FACT("realtime reached", now(CLOCK_REALTIME) >= t0);
    abs.tv_sec = 1, abs.tv_nsec = 0;
    T("abs in the past", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
    ts.tv_sec = 0, ts.tv_nsec = 0;
    T("nanosleep 0", nanosleep(&ts, NULL));
    ts.tv_nsec = 1000000000;
    T("nanosleep nsec 1e9", syscall(SYS_nanosleep, &ts, NULL));
    ts.tv_sec = -1, ts.tv_nsec = 0;
    T("nanosleep negative", syscall(SYS_nanosleep, &ts, NULL));
    ts.tv_sec = 0, ts.tv_nsec = 1000;
    /* clock_nanosleep returns the error number instead of setting errno */
    printf("clock_nanosleep bad clock = %s\n",
           t_errname(clock_nanosleep(1234, 0, &ts, NULL)));
    printf("clock_nanosleep bad flags = %d\n",
           clock_nanosleep(CLOCK_MONOTONIC, 0x100, &ts, NULL));
    t0 = now(CLOCK_MONOTONIC);
    for (int i = 0; i < 20; i++) {
        ts.tv_sec = 0, ts.tv_nsec = 1000000;
        nanosleep(&ts, NULL);
    }
    FACT("20 x 1ms >= 20ms", now(CLOCK_MONOTONIC) - t0 >= 20000000);
    return 0;
}
