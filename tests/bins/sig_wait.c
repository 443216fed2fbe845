/* SPDX-License-Identifier: MIT */
/*
 * Synchronous waiting for signals: sigwaitinfo takes a pending blocked
 * signal with its siginfo; sigtimedwait times out with EAGAIN (after the
 * timeout, and at once with a zero one), rejects a bad timeout, is woken
 * by another thread's sigqueue, and (the raw call) fails with EINTR when a
 * handled signal outside the set arrives; sigwait returns the number.
 */
#include "thr.h"
#include <pthread.h>
#include <sys/time.h>

static void *queue_later(void *arg)
{
    (void)arg;
    t_sleep_ms(20);
    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGUSR2, v);
    return NULL;
}

static volatile int alrm;
static void on_alrm(int s)
{
    (void)s;
    alrm++;
}

int main(void)
{
    t_watchdog();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    siginfo_t si;
    raise(SIGUSR1);
    T("sigwaitinfo", sigwaitinfo(&set, &si));
    /* glibc folds SI_TKILL into SI_USER here; musl does not */
    printf("  si_signo %d, si_code %s, si_pid is me %d\n", si.si_signo,
           si.si_code == SI_TKILL  ? "SI_TKILL"
           : si.si_code == SI_USER ? "SI_USER"
                                   : "other",
           si.si_pid == getpid());

    struct timespec ts = {0, 30000000};
    long long t0 = t_now(CLOCK_MONOTONIC);
    T("sigtimedwait 30ms, nothing pending", sigtimedwait(&set, &si, &ts));
    FACT("  waited >= 25ms", t_now(CLOCK_MONOTONIC) - t0 >= 25000000);
    struct timespec zero = {0, 0};
    T("sigtimedwait 0", sigtimedwait(&set, &si, &zero));
    struct timespec bad = {0, 1000000000};
    T("sigtimedwait bad timeout", sigtimedwait(&set, &si, &bad));

    pthread_t t;
    pthread_create(&t, NULL, queue_later, NULL);
    ts.tv_sec = 5;
    T("sigtimedwait 5s, woken by a thread's sigqueue",
      sigtimedwait(&set, &si, &ts));
    printf("  si_code SI_QUEUE %d, value %d\n", si.si_code == SI_QUEUE,
           si.si_value.sival_int);
    pthread_join(t, NULL);

    signal(SIGALRM, on_alrm);
    struct itimerval v = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &v, NULL);
    /* raw: musl's sigtimedwait retries after EINTR */
    T("rt_sigtimedwait 5s, handled SIGALRM arrives",
      syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8));
    printf("  alarm handled %d\n", alrm);
    t_watchdog();

    kill(getpid(), SIGUSR2);
    int sig = 0;
    int r = sigwait(&set, &sig);
    printf("sigwait = %d, sig %d\n", r, sig);
    FACT("nothing left pending",
         sigtimedwait(&set, &si, &zero) < 0 && errno == EAGAIN);
    return 0;
}
