/* SPDX-License-Identifier: MIT */
/*
 * The trap flag: a program sets TF with popf and takes one SIGTRAP
 * (TRAP_TRACE) per instruction; the handler sees rip step through a known
 * instruction sequence and clears TF in the saved rflags after 4 steps,
 * after which the program runs on normally.
 */
#include "thr.h"

long ss_run(long x);
extern char ss_start[];
__asm__(".text\n"
        "ss_run: pushfq\n"
        "orq $0x100, (%rsp)\n"
        "popfq\n"
        "ss_start: movq %rdi, %rax\n"
        "addq $1, %rax\n"
        "addq $2, %rax\n"
        "addq $3, %rax\n"
        "addq $4, %rax\n"
        "addq $5, %rax\n"
        "ret\n");

static volatile int steps, codes_ok = 1;
static volatile long offs[8];

static void h(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)sig;
    if (si->si_code != TRAP_TRACE)
        codes_ok = 0;
    if (steps < 8)
        offs[steps] = uc->uc_mcontext.gregs[REG_RIP] - (greg_t)ss_start;
    if (++steps == 4)
        uc->uc_mcontext.gregs[REG_EFL] &= ~0x100l;
}

int main(void)
{
    t_watchdog();
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    long r = ss_run(100);
    printf("result %ld, steps %d, all TRAP_TRACE %d\n", r, steps, codes_ok);
    printf("rip offsets from the first traced instruction:");
    for (int i = 0; i < steps && i < 8; i++)
        printf(" %ld", offs[i]);
    printf("\n");
    unsigned long fl;
    __asm__ volatile("pushfq; popq %0" : "=r"(fl));
    FACT("TF clear afterwards", !(fl & 0x100));
    return 0;
}
