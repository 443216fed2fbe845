/* SPDX-License-Identifier: MIT */
/* alarm, setitimer and getitimer (ITIMER_REAL): remaining time, rounding,
 * an ignored SIGALRM, and at last the default action, which kills the
 * program (status 142). */
#include "t.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static double left(void)
{
    struct itimerval v;
    getitimer(ITIMER_REAL, &v);
    return v.it_value.tv_sec + v.it_value.tv_usec / 1e6;
}

int main(void)
{
    T("alarm 0", alarm(0));
    T("alarm 5", alarm(5));
    T("alarm 3 (5 left)", alarm(3));
    T("alarm 0 (3 left)", alarm(0));
    struct itimerval v = {{0, 0}, {2, 500000}}, old;
    T("setitimer 2.5 s", setitimer(ITIMER_REAL, &v, &old));
    FACT("  old value zero", old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);
    double l = left();
    FACT("getitimer: 2.0 < left <= 2.5", l > 2.0 && l <= 2.5);
    T("alarm 0 (2.5 left rounds to 3)", alarm(0));
    v = (struct itimerval){{0, 0}, {0, 400000}};
    setitimer(ITIMER_REAL, &v, NULL);
    T("alarm 0 (0.4 left rounds to 1)", alarm(0));
    v = (struct itimerval){{0, 0}, {0, 1000000}};
    T("setitimer bad usec", setitimer(ITIMER_REAL, &v, NULL));
    T("setitimer bad which", setitimer(9, &v, NULL));
    T("getitimer bad pointer", syscall(SYS_getitimer, ITIMER_REAL, (void *)8));

    /* Ignored: a periodic timer fires 10 times, nobody notices. */
    signal(SIGALRM, SIG_IGN);
    v = (struct itimerval){{0, 10000}, {0, 10000}};
    T("setitimer periodic 10 ms", setitimer(ITIMER_REAL, &v, NULL));
    struct timespec ts = {0, 100000000};
    T("nanosleep 100 ms", nanosleep(&ts, NULL));
    getitimer(ITIMER_REAL, &old);
    FACT("  interval kept", old.it_interval.tv_usec == 10000);
    v = (struct itimerval){{0, 0}, {0, 0}};
    T("setitimer off", setitimer(ITIMER_REAL, &v, NULL));
    printf("survived\n");

    /* Default action: killed by SIGALRM. */
    signal(SIGALRM, SIG_DFL);
    alarm(1);
    pause();
    printf("not reached\n");
    return 0;
}
