/* SPDX-License-Identifier: MIT */
/*
 * Blocking and pending without threads: a blocked signal stays pending
 * (sigpending) and its handler waits; sigsuspend with an empty mask runs
 * it and returns EINTR with the old mask back; sigsuspend woken by a timer
 * runs the handler under the suspend mask; a blocked signal set to SIG_IGN
 * is discarded, a blocked default-ignored one (SIGCHLD) stays pending;
 * pthread_sigmask returns error numbers.
 */
#include "thr.h"
#include <pthread.h>
#include <sys/time.h>

static volatile int usr1, alrm, usr1_blocked_in_alrm;

static void h(int s)
{
    if (s == SIGUSR1)
        usr1++;
    if (s == SIGALRM) {
        sigset_t cur;
        alrm++;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        usr1_blocked_in_alrm = sigismember(&cur, SIGUSR1);
    }
}

static int pending(int s)
{
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, s);
}

static int blocked(int s)
{
    sigset_t c;
    sigprocmask(SIG_BLOCK, NULL, &c);
    return sigismember(&c, s);
}

int main(void)
{
    t_watchdog();
    signal(SIGUSR1, h);
    sigset_t b, empty;
    sigemptyset(&empty);
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    T("block USR1", sigprocmask(SIG_BLOCK, &b, NULL));
    raise(SIGUSR1);
    printf("raised: pending %d, handled %d\n", pending(SIGUSR1), usr1);
    T("sigsuspend(empty)", sigsuspend(&empty));
    printf("after: handled %d, pending %d, blocked again %d\n", usr1,
           pending(SIGUSR1), blocked(SIGUSR1));

    /* woken by a timer: the handler runs with the suspend mask */
    signal(SIGALRM, h);
    sigset_t all_but_alrm;
    sigfillset(&all_but_alrm);
    sigdelset(&all_but_alrm, SIGALRM);
    struct itimerval v = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &v, NULL);
    T("sigsuspend(all but ALRM)", sigsuspend(&all_but_alrm));
    printf("alarm handled %d, USR1 blocked inside %d, USR1 blocked after %d\n",
           alrm, usr1_blocked_in_alrm, blocked(SIGUSR1));
    t_watchdog();

    /* discarded by SIG_IGN while blocked; SIGCHLD (default ignore) kept */
    sigaddset(&b, SIGUSR2);
    sigaddset(&b, SIGCHLD);
    sigprocmask(SIG_BLOCK, &b, NULL);
    raise(SIGUSR2);
    raise(SIGCHLD);
    printf("USR2 pending %d, CHLD pending %d\n", pending(SIGUSR2),
           pending(SIGCHLD));
    signal(SIGUSR2, SIG_IGN);
    printf("after SIG_IGN: USR2 pending %d\n", pending(SIGUSR2));
    signal(SIGCHLD, SIG_IGN);
    printf("after SIG_IGN: CHLD pending %d\n", pending(SIGCHLD));
    sigprocmask(SIG_UNBLOCK, &b, NULL);

    printf("pthread_sigmask bad how = %s\n",
           t_errname(pthread_sigmask(12345, &b, NULL)));
    T("raw rt_sigsuspend sigsetsize 4", syscall(SYS_rt_sigsuspend, &empty, 4));
    T("raw rt_sigpending sigsetsize 4", syscall(SYS_rt_sigpending, &empty, 4));
    return 0;
}
