/* SPDX-License-Identifier: MIT */
/*
 * SA_SIGINFO: what the handler's siginfo and ucontext say for each way of
 * sending a signal: raise, kill (SI_USER, si_pid, si_uid), sigqueue
 * (SI_QUEUE, si_value), tgkill and tkill (SI_TKILL), rt_sigqueueinfo and
 * rt_tgsigqueueinfo with the caller's own si_code and fields; and the
 * refused cases (a non-negative si_code to another process, bad signal,
 * bad pointer).
 */
#include "thr.h"

static volatile int n, signo, code, errno_f, pid_ok, uid_ok, val, masked,
    fakepid;

static void h(int s, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    n++;
    signo = si->si_signo == s;
    code = si->si_code;
    errno_f = si->si_errno;
    pid_ok = si->si_pid == getpid();
    fakepid = si->si_pid;
    uid_ok = si->si_uid == getuid();
    val = si->si_value.sival_int;
    masked = sigismember(&uc->uc_sigmask, s) == 1;
}

static const char *code_name(int c)
{
    switch (c) {
    case SI_USER:
        return "SI_USER";
    case SI_QUEUE:
        return "SI_QUEUE";
    case SI_TKILL:
        return "SI_TKILL";
    case SI_KERNEL:
        return "SI_KERNEL";
    }
    static char b[16];
    snprintf(b, sizeof b, "%d", c);
    return b;
}

static void report(const char *how, long r)
{
    printf("%s: ret %ld, handled %d, si_signo ok %d, si_code %s, si_errno %d",
           how, r, n, signo, code_name(code), errno_f);
    n = 0;
}

static long queueinfo(int tg, int code_, int value, int pid)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = code_;
    si.si_pid = pid;
    si.si_uid = getuid();
    si.si_value.sival_int = value;
    if (tg)
        return syscall(SYS_rt_tgsigqueueinfo, getpid(), t_gettid(), SIGUSR1,
                       &si);
    return syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
}

int main(void)
{
    t_watchdog();
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);

    report("raise", raise(SIGUSR1));
    printf(", uc_sigmask (the mask to restore) has it: %d\n", masked);
    report("kill", kill(getpid(), SIGUSR1));
    printf(", si_pid is me %d, si_uid is mine %d\n", pid_ok, uid_ok);
    union sigval sv = {.sival_int = 42};
    report("sigqueue 42", sigqueue(getpid(), SIGUSR1, sv));
    printf(", si_pid is me %d, value %d\n", pid_ok, val);
    report("tgkill", syscall(SYS_tgkill, getpid(), t_gettid(), SIGUSR1));
    printf(", si_pid is me %d\n", pid_ok);
    report("tkill", syscall(SYS_tkill, t_gettid(), SIGUSR1));
    printf(", si_pid is me %d\n", pid_ok);
    report("rt_sigqueueinfo code -50", queueinfo(0, -50, 7, 12345));
    printf(", si_pid as given %d, value %d\n", fakepid == 12345, val);
    report("rt_sigqueueinfo code SI_USER to self",
           queueinfo(0, SI_USER, 8, getpid()));
    printf(", value %d\n", val);
    report("rt_tgsigqueueinfo code -60", queueinfo(1, -60, 9, getpid()));
    printf(", value %d\n", val);

    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = SI_USER;
    T("rt_sigqueueinfo SI_USER to pid 1",
      syscall(SYS_rt_sigqueueinfo, 1, 0, &si));
    si.si_code = SI_TKILL;
    T("rt_sigqueueinfo SI_TKILL to pid 1",
      syscall(SYS_rt_sigqueueinfo, 1, 0, &si));
    si.si_code = -1;
    T("rt_sigqueueinfo signal 65",
      syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si));
    T("rt_sigqueueinfo bad pointer",
      syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *)8));
    T("rt_tgsigqueueinfo wrong tgid",
      syscall(SYS_rt_tgsigqueueinfo, 0x3ffffff0, t_gettid(), SIGUSR1, &si));
    printf("handled %d more\n", n);
    return 0;
}
