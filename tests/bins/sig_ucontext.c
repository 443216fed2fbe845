/* SPDX-License-Identifier: MIT */
/*
 * Handlers that read and change the interrupted context, as the Go runtime
 * does: a SIGSEGV handler sees rip, rdi, trapno, err and cr2 of a faulting
 * load, sets rax and moves rip past it; a SIGILL handler skips a ud2; a
 * SIGTRAP handler doubles rax and sets the carry flag; a change to
 * uc_sigmask takes effect on return.  Also the frame itself: the handler
 * is entered with an ABI-aligned stack, returns to sa_restorer, and the
 * siginfo lies right after the kernel's ucontext (rt_sigframe).
 */
#include "thr.h"

long uc_load(const long *p);
long uc_ud2(void);
long uc_int3(long x);
extern char uc_load_end[], uc_int3_after[];
__asm__(".text\n"
        "uc_load: movq (%rdi), %rax\n"
        "uc_load_end: ret\n"
        "uc_ud2: xorl %eax, %eax\n"
        "ud2\n"
        "ret\n"
        "uc_int3: movq %rdi, %rax\n"
        "clc\n"
        "int3\n"
        "uc_int3_after: adcq $0, %rax\n"
        "ret\n");

#define BAD 0x10000l
static volatile int seen_rip, seen_rdi, seen_trapno, seen_err, seen_cr2;
static volatile int aligned, to_restorer, info_after_uc, fpregs;
static void (*restorer)(void);

static void h(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    aligned = ((uintptr_t)__builtin_frame_address(0) + 16) % 16 == 0;
    to_restorer = __builtin_return_address(0) == (void *)restorer;
    info_after_uc = (char *)si - (char *)uc == 304;
    fpregs = uc->uc_mcontext.fpregs != NULL;
    seen_trapno = (int)g[REG_TRAPNO];
    if (sig == SIGSEGV) {
        seen_rip = g[REG_RIP] == (greg_t)uc_load;
        seen_rdi = g[REG_RDI] == BAD;
        seen_err = (int)g[REG_ERR];
        seen_cr2 = g[REG_CR2] == BAD && si->si_addr == (void *)BAD;
        g[REG_RAX] = 0x1234;
        g[REG_RIP] = (greg_t)uc_load_end;
    } else if (sig == SIGILL) {
        seen_rip = g[REG_RIP] == (greg_t)uc_ud2 + 2;
        g[REG_RIP] += 2;
        g[REG_RAX] = 0x5678;
        sigaddset(&uc->uc_sigmask, SIGUSR2);
    } else {
        seen_rip = g[REG_RIP] == (greg_t)uc_int3_after;
        g[REG_RAX] *= 2;
        g[REG_EFL] |= 1; /* CF */
    }
}

static void frame(void)
{
    printf("  rip as expected %d, trapno %d, aligned stack %d, returns to "
           "sa_restorer %d, siginfo after ucontext %d, fpregs %d\n",
           seen_rip, seen_trapno, aligned, to_restorer, info_after_uc, fpregs);
}

int main(void)
{
    t_watchdog();
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    /* the kernel's struct sigaction: musl does not report sa_restorer */
    struct {
        void *handler;
        unsigned long flags;
        void (*restorer)(void);
        uint64_t mask;
    } k = {0};
    syscall(SYS_rt_sigaction, SIGSEGV, NULL, &k, 8);
    restorer = k.restorer;
    FACT("SA_RESTORER set by the libc", (k.flags & 0x04000000) && restorer);

    long r = uc_load((const long *)BAD);
    printf("faulting load returned %#lx\n", r);
    frame();
    printf("  rdi %d, err %d, cr2 and si_addr %d\n", seen_rdi, seen_err,
           seen_cr2);
    r = uc_ud2();
    printf("ud2 skipped, returned %#lx\n", r);
    frame();
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    FACT("  USR2 blocked by the handler's uc_sigmask change",
         sigismember(&cur, SIGUSR2));
    r = uc_int3(21);
    printf("int3 with rax 21 returned %ld\n", r);
    frame();
    return 0;
}
