/* SPDX-License-Identifier: MIT */
/*
 * A handler that scribbles over its own signal frame before returning,
 * one field per run (tests/bins/sig_badframe.cases): code and stack
 * segments, privileged rflags bits, a non-canonical or kernel rip, a bad
 * stack pointer, the fpstate pointer (NULL, or unmapped), a reserved MXCSR
 * bit, the XSAVE magic.  Linux either repairs what rt_sigreturn restores
 * (the program goes on) or kills the program with SIGSEGV (status 139);
 * the kernel must do the same and never fault itself.
 */
#include "thr.h"

static const char *what = "none";

static void h(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    (void)sig, (void)si;
    if (!strcmp(what, "cs0"))
        g[REG_CSGSFS] &= ~0xffffl;
    else if (!strcmp(what, "cs-kernel"))
        g[REG_CSGSFS] = (g[REG_CSGSFS] & ~0xffffl) | 0x10;
    else if (!strcmp(what, "ss0"))
        g[REG_CSGSFS] &= 0x0000ffffffffffffl;
    else if (!strcmp(what, "rflags"))
        g[REG_EFL] |= 0x3000 | 0x4000 | 0x20000 | 0x80000 | 0x100000;
    else if (!strcmp(what, "rip-noncanonical"))
        g[REG_RIP] = (greg_t)0x8000000000001000ull;
    else if (!strcmp(what, "rip-kernel"))
        g[REG_RIP] = (greg_t)0xffffffff81000000ull;
    else if (!strcmp(what, "rsp-bad"))
        g[REG_RSP] = 8;
    else if (!strcmp(what, "fpregs-null"))
        uc->uc_mcontext.fpregs = NULL;
    else if (!strcmp(what, "fpregs-unmapped"))
        uc->uc_mcontext.fpregs = (void *)0x1000;
    else if (!strcmp(what, "mxcsr-reserved"))
        uc->uc_mcontext.fpregs->mxcsr = 0xffffffff;
    else if (!strcmp(what, "xsave-magic"))
        ((uint32_t *)uc->uc_mcontext.fpregs)[464 / 4] ^= 0xdeadbeef;
}

int main(int argc, char **argv)
{
    t_watchdog();
    if (argc > 1)
        what = argv[1];
    unsigned mx = 0x5f80, mxa;
    __asm__ volatile("ldmxcsr %0" ::"m"(mx));
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    printf("%s: raising\n", what);
    raise(SIGUSR1);
    unsigned long fl;
    __asm__ volatile("pushfq; popq %0" : "=r"(fl));
    __asm__ volatile("stmxcsr %0" : "=m"(mxa));
    printf("returned; IOPL %lu, NT %lu, VM %lu, VIF %lu, VIP %lu\n",
           (fl >> 12) & 3, (fl >> 14) & 1, (fl >> 17) & 1, (fl >> 19) & 1,
           (fl >> 20) & 1);
    printf("MXCSR rounding bits %#x\n", mxa & 0x6000);
    return 0;
}
