/* SPDX-License-Identifier: MIT */
/*
 * POSIX timers: timer_create with SIGEV_SIGNAL (the signal arrives with
 * SI_TIMER and the sigev_value), relative and absolute (TIMER_ABSTIME on
 * CLOCK_REALTIME) expiry, timer_gettime counting down, a periodic timer
 * whose signal stays blocked (one signal, the rest as overruns),
 * SIGEV_NONE (no signal, gettime still counts), timer_delete and the
 * errors.
 */
#include "thr.h"

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int main(void)
{
    t_watchdog();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 7;
    timer_t t;
    T("timer_create MONOTONIC", timer_create(CLOCK_MONOTONIC, &ev, &t));
    struct itimerspec its = {{0, 0}, {0, 20000000}}, cur;
    T("timer_settime 20 ms", timer_settime(t, 0, &its, NULL));
    timer_gettime(t, &cur);
    FACT("  gettime: 0 < left <= 20 ms",
         ns(&cur.it_value) > 0 && ns(&cur.it_value) <= 20000000);
    siginfo_t si;
    long long t0 = t_now(CLOCK_MONOTONIC);
    T("  sigwaitinfo", sigwaitinfo(&set, &si));
    printf("  after >= 15 ms %d, SI_TIMER %d, value %d, overrun %d\n",
           t_now(CLOCK_MONOTONIC) - t0 >= 15000000, si.si_code == SI_TIMER,
           si.si_value.sival_int, si.si_overrun);
    timer_gettime(t, &cur);
    FACT("  disarmed after expiry", ns(&cur.it_value) == 0);

    timer_t rt;
    ev.sigev_value.sival_int = 8;
    T("timer_create REALTIME", timer_create(CLOCK_REALTIME, &ev, &rt));
    its.it_value = t_deadline(CLOCK_REALTIME, 20000000);
    T("timer_settime absolute", timer_settime(rt, TIMER_ABSTIME, &its, NULL));
    T("  sigwaitinfo", sigwaitinfo(&set, &si));
    printf("  deadline reached %d, value %d\n",
           t_now(CLOCK_REALTIME) >= ns(&its.it_value), si.si_value.sival_int);
    its.it_value = (struct timespec){1, 0};
    T("timer_settime absolute in the past",
      timer_settime(rt, TIMER_ABSTIME, &its, NULL));
    T("  sigwaitinfo (fires at once)", sigwaitinfo(&set, &si));

    its = (struct itimerspec){{0, 2000000}, {0, 2000000}};
    struct itimerspec old;
    T("periodic 2 ms", timer_settime(t, 0, &its, &old));
    FACT("  old value was disarmed", ns(&old.it_value) == 0);
    t_sleep_ms(30);
    T("  sigwaitinfo", sigwaitinfo(&set, &si));
    int over = timer_getoverrun(t);
    printf("  one signal for many expiries: overrun in si %d, getoverrun >= 5 "
           "%d\n",
           si.si_overrun >= 5, over >= 5);
    its = (struct itimerspec){{0, 0}, {0, 0}};
    timer_settime(t, 0, &its, NULL);
    struct timespec zero = {0, 0};
    T("  nothing more pending", sigtimedwait(&set, &si, &zero));

    timer_t nt;
    struct sigevent none = {.sigev_notify = SIGEV_NONE};
    T("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &none, &nt));
    its = (struct itimerspec){{0, 0}, {0, 50000000}};
    long long t1 = t_now(CLOCK_MONOTONIC);
    timer_settime(nt, 0, &its, NULL);
    t_sleep_ms(20);
    timer_gettime(nt, &cur);
    /* expired only if the host held us past the 50 ms */
    int passed = t_now(CLOCK_MONOTONIC) - t1 >= 50000000;
    FACT("  counts down: 0 < left <= 35 ms",
         (ns(&cur.it_value) > 0 || passed) && ns(&cur.it_value) <= 35000000);
    t_sleep_ms(40);
    timer_gettime(nt, &cur);
    FACT("  expired", ns(&cur.it_value) == 0);

    its = (struct itimerspec){{0, 0}, {0, 1000000000}};
    T("settime bad nsec", timer_settime(t, 0, &its, NULL));
    T("timer_delete", timer_delete(t));
    /* musl returns -EINVAL itself here, so only the failure is shown */
    FACT("timer_delete again fails", timer_delete(t) != 0);
    T("gettime deleted", timer_gettime(t, &cur));
    T("timer_create bad clock", timer_create(12345, &ev, &t));
    ev.sigev_signo = 0;
    T("timer_create signal 0", timer_create(CLOCK_MONOTONIC, &ev, &t));
    ev.sigev_signo = SIGUSR1;
    ev.sigev_notify = 99;
    T("timer_create bad notify", timer_create(CLOCK_MONOTONIC, &ev, &t));
    T("timer_delete rt", timer_delete(rt));
    T("timer_delete none", timer_delete(nt));
    return 0;
}
