/* SPDX-License-Identifier: MIT */
/*
 * Per-thread signal state: a new thread inherits its creator's mask but
 * not its alternate stack; masks change per thread; a signal sent to a
 * thread (pthread_kill) is pending for that thread only, one sent to the
 * process is pending for all; when the thread unblocks both, its handler
 * takes them in the thread.
 */
#include "thr.h"
#include <pthread.h>

static volatile int step, handled_in_thread, handled_elsewhere, thread_tid;
static volatile int inherited, alt_disabled, pend_thread_usr1, pend_thread_usr2;

static void h(int s)
{
    (void)s;
    if (t_gettid() == thread_tid)
        handled_in_thread++;
    else
        handled_elsewhere++;
}

static int pending(int s)
{
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, s);
}

static void wait_step(int n)
{
    while (step < n)
        t_sleep_ms(1);
}

static void *thread(void *arg)
{
    (void)arg;
    sigset_t cur, s;
    thread_tid = t_gettid();
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    inherited = sigismember(&cur, SIGUSR2);
    stack_t ss;
    sigaltstack(NULL, &ss);
    alt_disabled = (ss.ss_flags & SS_DISABLE) != 0;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    step = 1;
    wait_step(2); /* main sent USR1 to us and USR2 to the process */
    pend_thread_usr1 = pending(SIGUSR1);
    pend_thread_usr2 = pending(SIGUSR2);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    step = 3;
    return NULL;
}

int main(void)
{
    t_watchdog();
    static char alt[65536];
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
    sigaltstack(&ss, NULL);
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    sigset_t s, cur;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    pthread_t t;
    pthread_create(&t, NULL, thread, NULL);
    wait_step(1);
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    FACT("thread inherited the blocked USR2", inherited);
    FACT("thread starts without an alternate stack", alt_disabled);
    FACT("main's mask unchanged by the thread's block of USR1",
         !sigismember(&cur, SIGUSR1));
    T("pthread_kill USR1 to the thread", pthread_kill(t, SIGUSR1));
    T("kill USR2 to the process", kill(getpid(), SIGUSR2));
    printf("main sees: USR1 pending %d, USR2 pending %d\n", pending(SIGUSR1),
           pending(SIGUSR2));
    step = 2;
    wait_step(3);
    pthread_join(t, NULL);
    printf("thread saw: USR1 pending %d, USR2 pending %d\n", pend_thread_usr1,
           pend_thread_usr2);
    printf("handled in the thread %d, elsewhere %d\n", handled_in_thread,
           handled_elsewhere);
    printf("main now: USR2 pending %d\n", pending(SIGUSR2));
    return 0;
}
