/* SPDX-License-Identifier: MIT */
/* rt_sigprocmask: block/query round trip, a blocked signal stays pending
 * and is delivered on unblock; KILL/STOP cannot be blocked. sigaltstack:
 * set/get, and a handler that runs on it with SA_ONSTACK. */
#include "t.h"
#include <signal.h>
#include <stdint.h>

static volatile int got;
static char alt[65536];
static volatile int on_alt;

static void handler(int sig)
{
    char here;
    got = sig;
    on_alt = (uintptr_t)&here >= (uintptr_t)alt &&
             (uintptr_t)&here < (uintptr_t)alt + sizeof alt;
    stack_t cur;
    sigaltstack(NULL, &cur);
    on_alt |= (cur.ss_flags & SS_ONSTACK) ? 2 : 0;
}

int main(void)
{
    sigset_t s, o;
    signal(SIGUSR1, handler);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGKILL);
    sigaddset(&s, SIGSTOP);
    T("block USR1 KILL STOP", sigprocmask(SIG_BLOCK, &s, &o));
    FACT("old mask empty of USR1", !sigismember(&o, SIGUSR1));
    sigprocmask(SIG_BLOCK, NULL, &o);
    FACT("USR1 blocked", sigismember(&o, SIGUSR1));
    FACT("KILL not blocked", !sigismember(&o, SIGKILL));
    FACT("STOP not blocked", !sigismember(&o, SIGSTOP));
    raise(SIGUSR1);
    T("not delivered yet", got);
    sigpending(&o);
    FACT("USR1 pending", sigismember(&o, SIGUSR1));
    raise(SIGUSR1); /* standard signals do not queue */
    T("unblock", sigprocmask(SIG_UNBLOCK, &s, NULL));
    T("delivered on unblock", got);
    sigpending(&o);
    FACT("nothing pending", !sigismember(&o, SIGUSR1));
    T("SIG_SETMASK bad how", sigprocmask(99, &s, NULL));
    T("raw sigsetsize 16", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &o, 16));
    stack_t ss = { 0 }, old;
    T("sigaltstack get", sigaltstack(NULL, &old));
    printf("  initial flags %d (SS_DISABLE=%d)\n", old.ss_flags, SS_DISABLE);
    ss.ss_sp = alt, ss.ss_size = sizeof alt, ss.ss_flags = 0;
    T("sigaltstack set", sigaltstack(&ss, NULL));
    T("sigaltstack get", sigaltstack(NULL, &old));
    FACT("round trip", old.ss_sp == alt && old.ss_size == sizeof alt &&
         old.ss_flags == 0);
    ss.ss_size = 100;
    T("too small", sigaltstack(&ss, NULL));
    ss.ss_size = sizeof alt, ss.ss_flags = 0x1234;
    T("bad flags", sigaltstack(&ss, NULL));
    struct sigaction sa = { 0 };
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    got = 0;
    raise(SIGUSR2);
    printf("USR2 got %d, on alt stack %d, SS_ONSTACK seen %d\n", got,
           on_alt & 1, on_alt >> 1);
    got = 0;
    raise(SIGUSR1);
    printf("USR1 (no SA_ONSTACK) got %d, on alt stack %d\n", got, on_alt & 1);
    ss.ss_flags = SS_DISABLE;
    T("disable", sigaltstack(&ss, NULL));
    sigaltstack(NULL, &old);
    T("flags now", old.ss_flags);
    return 0;
}
