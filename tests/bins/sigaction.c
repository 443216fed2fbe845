/* SPDX-License-Identifier: MIT */
/* rt_sigaction: set/get round trip, delivery by raise and kill with
 * siginfo, SA_RESETHAND, SIG_IGN, and the refused cases. */
#include "t.h"
#include <signal.h>

static volatile int got, code, pid_ok;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got = sig;
    code = si->si_code;
    pid_ok = si->si_pid == getpid();
}

static void on_usr2(int sig)
{
    got = sig;
}

int main(void)
{
    struct sigaction sa = { 0 }, old;
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    T("sigaction USR1", sigaction(SIGUSR1, &sa, &old));
    FACT("old was SIG_DFL", old.sa_handler == SIG_DFL);
    T("get USR1", sigaction(SIGUSR1, NULL, &old));
    FACT("handler round trip", old.sa_sigaction == on_usr1);
    printf("flags %#x\n", old.sa_flags & ~0x04000000); /* minus SA_RESTORER */
    FACT("mask has USR2", sigismember(&old.sa_mask, SIGUSR2));
    FACT("mask lacks USR1", !sigismember(&old.sa_mask, SIGUSR1));
    T("raise USR1", raise(SIGUSR1));
    printf("got %d, si_code %s, si_pid is self %d\n", got, code == SI_TKILL ?
           "SI_TKILL" : code == SI_USER ? "SI_USER" : "other", pid_ok);
    got = 0;
    T("kill self USR1", kill(getpid(), SIGUSR1));
    printf("got %d, si_code %s, si_pid is self %d\n", got, code == SI_TKILL ?
           "SI_TKILL" : code == SI_USER ? "SI_USER" : "other", pid_ok);
    signal(SIGUSR2, on_usr2);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    got = 0;
    raise(SIGUSR2);
    T("SA_RESETHAND delivered", got);
    sigaction(SIGUSR2, NULL, &old);
    FACT("reset to SIG_DFL", old.sa_handler == SIG_DFL);
    signal(SIGUSR2, SIG_IGN);
    T("raise ignored USR2", raise(SIGUSR2));
    T("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
    T("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL));
    T("get SIGKILL", sigaction(SIGKILL, NULL, &old));
    T("signal 0", sigaction(0, &sa, NULL));
    T("signal 65", sigaction(65, &sa, NULL));
    T("raw sigsetsize 4", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4));
    T("raw get SIGRTMAX (64)", syscall(SYS_rt_sigaction, 64, NULL, &old, 8));
    signal(SIGCHLD, SIG_DFL);
    T("raise CHLD (default ignore)", raise(SIGCHLD));
    T("raise WINCH (default ignore)", raise(SIGWINCH));
    printf("still alive\n");
    return 0;
}
