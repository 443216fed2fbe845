/* SPDX-License-Identifier: MIT */
/* Faults delivered to handlers: SIGSEGV with si_addr and SEGV_MAPERR,
 * SIGFPE with FPE_INTDIV, SIGILL with ILL_ILLOPN, recovered with
 * siglongjmp; then an uncaught SIGSEGV after resetting the handler. */
#include "t.h"
#include <setjmp.h>
#include <signal.h>

static sigjmp_buf jb;
static volatile int sig, code;
static void *volatile addr;

static void h(int s, siginfo_t *si, void *uc)
{
    (void)uc;
    sig = s, code = si->si_code, addr = si->si_addr;
    siglongjmp(jb, 1);
}

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    volatile int *bad = (int *)0x1000;
    if (!sigsetjmp(jb, 1))
        *bad = 1;
    printf("SIGSEGV: sig %d maperr %d addr exact %d\n", sig,
           code == SEGV_MAPERR, addr == (void *)bad);
    volatile int z = 0;
    if (!sigsetjmp(jb, 1))
        z = 10 / z;
    printf("SIGFPE: sig %d intdiv %d\n", sig, code == FPE_INTDIV);
    if (!sigsetjmp(jb, 1))
        __builtin_trap();
    printf("SIGILL: sig %d illopn %d\n", sig, code == ILL_ILLOPN);
    /* non-canonical address: #GP, reported as SIGSEGV with si_addr 0 */
    if (!sigsetjmp(jb, 1))
        *(volatile int *)0x8000000000000000ul = 1;
    printf("non-canonical: sig %d SI_KERNEL %d addr NULL %d\n", sig,
           code == SI_KERNEL, addr == NULL);
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    FACT("SEGV not left blocked after siglongjmp", !sigismember(&m, SIGSEGV));
    signal(SIGSEGV, SIG_DFL);
    printf("now dying\n");
    *bad = 2;
    return 0;
}
