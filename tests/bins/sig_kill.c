/* SPDX-License-Identifier: MIT */
/*
 * kill, tgkill and tkill between the threads of one process: signal 0
 * checks existence (ESRCH for a tid that does not exist or is not in the
 * group), a thread-directed signal runs the handler in that thread, a
 * process-directed one in the only thread that does not block it, bad
 * signal numbers are EINVAL, and an exited thread's tid is ESRCH.
 */
#include "thr.h"
#include <pthread.h>

static volatile int ran_in[3], ran_other, tids[2], stop;

static void h(int s)
{
    (void)s;
    int me = t_gettid();
    if (me == getpid())
        ran_in[0]++;
    else if (me == tids[0])
        ran_in[1]++;
    else if (me == tids[1])
        ran_in[2]++;
    else
        ran_other++;
}

static void *worker(void *arg)
{
    long i = (long)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    /* worker 0 blocks SIGUSR2, worker 1 takes it */
    pthread_sigmask(i == 0 ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
    tids[i] = t_gettid();
    while (!stop)
        t_sleep_ms(1);
    return NULL;
}

static void counts(const char *what)
{
    while (ran_in[0] + ran_in[1] + ran_in[2] + ran_other == 0)
        t_sleep_ms(1);
    printf("%-34s handled in main %d, worker0 %d, worker1 %d, other %d\n", what,
           ran_in[0], ran_in[1], ran_in[2], ran_other);
    ran_in[0] = ran_in[1] = ran_in[2] = ran_other = 0;
}

int main(void)
{
    t_watchdog();
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    pthread_t th[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    while (!tids[0] || !tids[1])
        t_sleep_ms(1);
    int pid = getpid();
    T("kill(pid, 0)", kill(pid, 0));
    T("tgkill(pid, worker0, 0)", syscall(SYS_tgkill, pid, tids[0], 0));
    T("tkill(worker1, 0)", syscall(SYS_tkill, tids[1], 0));
    T("tgkill(pid, no such tid, 0)", syscall(SYS_tgkill, pid, 0x3ffffff0, 0));
    T("tkill(no such tid, USR1)", syscall(SYS_tkill, 0x3ffffff0, SIGUSR1));
    T("tgkill(wrong tgid, worker0, 0)",
      syscall(SYS_tgkill, 0x3ffffff0, tids[0], 0));
    T("tgkill(pid, worker0, 65)", syscall(SYS_tgkill, pid, tids[0], 65));
    T("tgkill(0, worker0, 0)", syscall(SYS_tgkill, 0, tids[0], 0));
    T("tkill(0, 0)", syscall(SYS_tkill, 0, 0));
    T("kill(pid, 65)", kill(pid, 65));

    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    T("tgkill(pid, worker0, USR1)", syscall(SYS_tgkill, pid, tids[0], SIGUSR1));
    counts("  ->");
    T("tkill(worker1, USR1)", syscall(SYS_tkill, tids[1], SIGUSR1));
    counts("  ->");
    T("pthread_kill(worker0, USR1)", pthread_kill(th[0], SIGUSR1));
    counts("  ->");
    T("tgkill(pid, main, USR1)", syscall(SYS_tgkill, pid, pid, SIGUSR1));
    counts("  ->");
    T("kill(pid, USR2): only worker1 takes it", kill(pid, SIGUSR2));
    counts("  ->");
    int old = tids[1];
    stop = 1;
    pthread_join(th[0], NULL);
    pthread_join(th[1], NULL);
    /* Linux wakes pthread_join (CLONE_CHILD_CLEARTID) before it unhashes
       the thread, so the tid may answer for a moment after the join. */
    long r;
    for (int i = 0; (r = syscall(SYS_tgkill, pid, old, 0)) == 0 && i < 2000; i++)
        usleep(1000);
    T("tgkill(pid, exited worker1, 0), once it is gone", r);
    return 0;
}
