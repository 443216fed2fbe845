/* SPDX-License-Identifier: MIT */
/*
 * sigaltstack with SA_ONSTACK: the handler's locals lie in the alternate
 * stack, sigaltstack reports SS_ONSTACK inside and refuses a change there
 * (EPERM), a nested handler stays on it below the first frame, ucontext's
 * uc_stack describes it; a handler without SA_ONSTACK stays on the normal
 * stack; SS_AUTODISARM disarms it while a handler runs.
 */
#include "thr.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static char alt[65536] __attribute__((aligned(16)));
static volatile uintptr_t outer_addr, inner_addr;
static volatile int outer_flags, inner_flags, change_ret, change_errno;
static volatile int uc_sp_ok, uc_size_ok, uc_flags;

static int on_alt(uintptr_t a)
{
    return a >= (uintptr_t)alt && a < (uintptr_t)alt + sizeof alt;
}

static void inner(int sig)
{
    char here;
    (void)sig;
    stack_t cur;
    inner_addr = (uintptr_t)&here;
    sigaltstack(NULL, &cur);
    inner_flags = cur.ss_flags;
}

static void outer(int sig, siginfo_t *si, void *ucv)
{
    char here;
    ucontext_t *uc = ucv;
    (void)sig, (void)si;
    stack_t cur, nw = {.ss_sp = alt, .ss_size = sizeof alt};
    outer_addr = (uintptr_t)&here;
    sigaltstack(NULL, &cur);
    outer_flags = cur.ss_flags;
    change_ret = sigaltstack(&nw, NULL);
    change_errno = errno;
    uc_sp_ok = uc->uc_stack.ss_sp == alt;
    uc_size_ok = uc->uc_stack.ss_size == sizeof alt;
    uc_flags = uc->uc_stack.ss_flags;
    raise(SIGUSR2);
}

static void install(int sig, void *fn, int flags)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void show(const char *what)
{
    printf("%s:\n  outer on alt %d, SS_ONSTACK %d, SS_DISABLE %d, change = %d "
           "%s\n",
           what, on_alt(outer_addr), !!(outer_flags & SS_ONSTACK),
           !!(outer_flags & SS_DISABLE), change_ret,
           change_ret ? t_errname(change_errno) : "");
    printf("  uc_stack: sp ok %d, size ok %d, flags %#x\n", uc_sp_ok,
           uc_size_ok, uc_flags);
    printf("  inner on alt %d, below outer %d, SS_ONSTACK %d\n",
           on_alt(inner_addr), inner_addr < outer_addr,
           !!(inner_flags & SS_ONSTACK));
    outer_addr = inner_addr = 0;
}

int main(void)
{
    t_watchdog();
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
    T("sigaltstack", sigaltstack(&ss, NULL));
    install(SIGUSR1, outer, SA_SIGINFO | SA_ONSTACK);
    install(SIGUSR2, inner, SA_ONSTACK);
    raise(SIGUSR1);
    show("SA_ONSTACK, nested SA_ONSTACK");
    install(SIGUSR2, inner, 0);
    raise(SIGUSR1);
    show("SA_ONSTACK, nested without");
    install(SIGUSR1, outer, SA_SIGINFO);
    raise(SIGUSR1);
    show("without SA_ONSTACK");

    ss.ss_flags = SS_AUTODISARM;
    T("sigaltstack SS_AUTODISARM", sigaltstack(&ss, NULL));
    install(SIGUSR1, outer, SA_SIGINFO | SA_ONSTACK);
    install(SIGUSR2, inner, SA_ONSTACK);
    raise(SIGUSR1);
    show("SS_AUTODISARM");
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("after: flags %#x, sp ok %d\n", (unsigned)cur.ss_flags,
           cur.ss_sp == alt);
    return 0;
}
