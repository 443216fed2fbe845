/* SPDX-License-Identifier: MIT */
/*
 * ITIMER_VIRTUAL and ITIMER_PROF count CPU time: while the program spins in
 * user mode, each delivers its signal (SIGVTALRM, SIGPROF) every 10 ms of
 * CPU time; while it sleeps, neither advances.
 */
#include "thr.h"
#include <sys/time.h>

static volatile int vt, prof;

static void h(int s)
{
    if (s == SIGVTALRM)
        vt++;
    else
        prof++;
}

static long long cpu_ns(void)
{
    return t_now(CLOCK_PROCESS_CPUTIME_ID);
}

static void spin_until(volatile int *c, int n)
{
    long long t0 = t_now(CLOCK_MONOTONIC);
    while (*c < n && t_now(CLOCK_MONOTONIC) - t0 < 5000000000ll)
        for (volatile int i = 0; i < 10000; i++)
            ;
}

static void run(const char *what, int which, volatile int *c)
{
    struct itimerval v = {{0, 10000}, {0, 10000}}, g;
    long long c0 = cpu_ns();
    T(what, setitimer(which, &v, NULL));
    spin_until(c, 3);
    long long used = cpu_ns() - c0;
    getitimer(which, &g);
    v = (struct itimerval){{0, 0}, {0, 0}};
    setitimer(which, &v, NULL);
    /* loose: Linux samples the PROF clock at ticks */
    printf("  3 signals while spinning: %s, CPU used >= 10 ms: %s, interval "
           "kept: %s\n",
           *c >= 3 ? "yes" : "no", used >= 10000000 ? "yes" : "no",
           g.it_interval.tv_usec == 10000 ? "yes" : "no");
}

static void asleep(const char *what, int which, volatile int *c)
{
    struct itimerval v = {{0, 0}, {0, 20000}}, g;
    *c = 0;
    T(what, setitimer(which, &v, NULL));
    t_sleep_ms(100);
    getitimer(which, &g);
    /* still armed: the kernel's own CPU time in these calls may be long
     * on a slow hypervisor, so not how much is left */
    printf("  after 100 ms asleep: signals %d, still armed: %s\n", *c,
           g.it_value.tv_sec || g.it_value.tv_usec ? "yes" : "no");
    v = (struct itimerval){{0, 0}, {0, 0}};
    setitimer(which, &v, NULL);
}

int main(void)
{
    t_watchdog();
    signal(SIGVTALRM, h);
    signal(SIGPROF, h);
    run("ITIMER_VIRTUAL 10 ms", ITIMER_VIRTUAL, &vt);
    run("ITIMER_PROF 10 ms", ITIMER_PROF, &prof);
    asleep("ITIMER_VIRTUAL 20 ms one-shot", ITIMER_VIRTUAL, &vt);
    asleep("ITIMER_PROF 20 ms one-shot", ITIMER_PROF, &prof);
    return 0;
}
