// SPDX-License-Identifier: MIT
/* CPU exceptions: page faults go to mm/, faults in user copies become
 * -EFAULT, other faults of the program become its fatal signal, and
 * anything else in the kernel is a panic. */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

extern char uaccess_start[], uaccess_end[], uaccess_fault[], syscall_entry[];

#define USER_FLAGS 0x240dd5 /* CF PF AF ZF SF TF DF OF AC ID */

/* Return to the program at r->rip only if that is a user address: iretq
 * to a non-canonical one would fault in ring 0.  Linux checks the same
 * before sysret. */
_Static_assert(USER_TOP == MM_USER_TOP, "entry.S checks rip against it");

void hal_bad_return(struct regs *r)
{
    proc_fatal_signal(LX_SIGSEGV, "return to a non-user address", r->rip,
                      r->rip);
}

static void check_return(struct regs *r)
{
    if (r->rip >= MM_USER_TOP)
        hal_bad_return(r);
}

/*
 * Where `syscall` does not change privilege (kvm_pvm, README: platform notes; the
 * boot probe sets hal_syscall_faults), the CPU jumps to LSTAR still in
 * ring 3 and the fetch of the supervisor-only entry page faults here, with
 * the registers syscall_entry would see (rcx = return rip, r11 = rflags).
 * The call is completed from this frame, but only if rcx follows a
 * `syscall` instruction in user memory: a program that jumps to the entry
 * gets SIGSEGV, as it would on hardware.
 */
static int syscall_via_fault(struct regs *r, uint64_t addr)
{
    uint8_t insn[2];
    if (!hal_syscall_faults || addr != (uint64_t)syscall_entry ||
        r->rip != addr || r->rcx < 2 || r->rcx > MM_USER_TOP ||
        copy_from_user(insn, (const void *)(r->rcx - 2), 2) ||
        insn[0] != 0x0f || insn[1] != 0x05)
        return 0;
    r->vector = r->rax;
    r->rip = r->rcx;
    r->rflags = (r->r11 & USER_FLAGS) | USER_RFLAGS;
    syscall_dispatch(r);
    return 1;
}

/* What each exception is to the program: its signal and si_code, as
 * Linux's traps.c sends them (SI_KERNEL where Linux gives no detail). */
#define SI_KERNEL 0x80
static const struct {
    const char *name;
    int sig, code;
} traps[32] = {
    [0] = {"divide error", LX_SIGFPE, 1 /* FPE_INTDIV */},
    [1] = {"debug trap", LX_SIGTRAP, 1 /* TRAP_BRKPT */},
    [3] = {"breakpoint", LX_SIGTRAP, SI_KERNEL},
    [4] = {"overflow", LX_SIGSEGV, SI_KERNEL},
    [5] = {"bound range", LX_SIGSEGV, SI_KERNEL},
    [6] = {"invalid opcode", LX_SIGILL, 2 /* ILL_ILLOPN */},
    [7] = {"device not available", LX_SIGFPE, SI_KERNEL},
    [8] = {"double fault", LX_SIGSEGV, SI_KERNEL},
    [10] = {"invalid TSS", LX_SIGSEGV, SI_KERNEL},
    [11] = {"segment not present", LX_SIGBUS, SI_KERNEL},
    [12] = {"stack fault", LX_SIGBUS, SI_KERNEL},
    [13] = {"general protection fault", LX_SIGSEGV, SI_KERNEL},
    [14] = {"page fault", LX_SIGSEGV, 1 /* SEGV_MAPERR */},
    [16] = {"x87 floating point error", LX_SIGFPE, 7 /* FPE_FLTINV */},
    [17] = {"alignment check", LX_SIGBUS, 1 /* BUS_ADRALN */},
    [18] = {"machine check", LX_SIGBUS, SI_KERNEL},
    [19] = {"SIMD floating point error", LX_SIGFPE, 7 /* FPE_FLTINV */},
};

static void (*irq_fns[256])(void);

void hal_irq_handler(int vector, void (*fn)(void))
{
    irq_fns[vector & 255] = fn;
}

static void irq(uint64_t v)
{
    if (v == HAL_VEC_SPURIOUS)
        return;
    hal_irq_eoi();
    if (irq_fns[v])
        irq_fns[v]();
}

static void trap(struct regs *r);

/* Every trap, fault and interrupt.  From ring 3 it is an entry to the
 * kernel like a syscall; in ring 0 it is either a fault in a user copy
 * or an interrupt that woke the CPU from a halt. */
void trap_handler(struct regs *r)
{
    hal_probe_trap(r);
    uint64_t v = r->vector & 255;
    if (v == HAL_VEC_TLB) {
        hal_irq_eoi();
        hal_tlb_poll();
        return;
    }
    if (!(r->cs & 3)) {
        if (v < 32)
            trap(r);
        else if (v != HAL_VEC_SPURIOUS) {
            hal_irq_eoi();
            if (irq_fns[v])
                kernel_irq_from_idle(irq_fns[v]);
        }
        return;
    }
    kernel_entry(r);
    if (v >= 32)
        irq(v);
    else
        trap(r);
    kernel_exit(r);
    check_return(r);
}

static void trap(struct regs *r)
{
    int user = (r->cs & 3) == 3;
    uint64_t v = r->vector < 32 ? r->vector : 2;
    uint64_t addr = r->rip, fault_addr = 0;
    const char *name = traps[v].name ? traps[v].name : "unexpected trap";
    int sig = traps[v].sig ? traps[v].sig : LX_SIGSEGV;
    int code = traps[v].name ? traps[v].code : SI_KERNEL;

    /* kvm_pvm reports `int N` through a DPL 0 gate as an invalid opcode;
     * hardware raises #GP, which is what the program must see. */
    uint8_t op;
    if (user && v == 6 && !copy_from_user(&op, (const void *)r->rip, 1) &&
        op == 0xcd) {
        v = 13;
        name = traps[v].name, sig = traps[v].sig, code = traps[v].code;
    }
    if (v == 0 || v == 6 || v == 16 || v == 19)
        fault_addr = r->rip; /* Linux's si_addr: the instruction */
    if (v == 1) { /* a single step (DR6.BS) or icebp */
        uint64_t dr6;
        __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
        __asm__ volatile("mov %0, %%dr6" ::"r"(0xffff0ff0ULL));
        code = dr6 & (1 << 14) ? 2 /* TRAP_TRACE */ : 1 /* TRAP_BRKPT */;
        fault_addr = r->rip;
    }

    if (v == 14) {
        addr = fault_addr = hal_read_cr2();
        int in_copy = (uint64_t)r->rip >= (uint64_t)uaccess_start &&
                      (uint64_t)r->rip < (uint64_t)uaccess_end;
        if (user && syscall_via_fault(r, addr))
            return;
        if (user || in_copy) {
            int err = mm_fault(addr, r->error);
            if (err == 0) {
                cputime_count_fault();
                return;
            }
            if (err == -ENOMEM) {
                klog("out of memory: try a larger --mem");
                proc_fatal_signal(LX_SIGKILL, NULL, 0, 0);
            }
            if (!user) {
                r->rip = (uint64_t)uaccess_fault;
                return;
            }
            if (err == -EIO) {
                sig = LX_SIGBUS, code = 2; /* BUS_ADRERR */
                name = "access beyond the end of a mapped file";
            } else if (vma_find(addr)) {
                code = 2; /* SEGV_ACCERR */
            }
        }
    }
    if (!user)
        panic("%s (vector %lu, error %#lx) at rip %#lx, address %#lx", name,
              v, r->error, r->rip, addr);
    struct signal_fault f = {sig, code, fault_addr, v, r->error,
                             v == 14 ? addr : 0, name, addr};
    signal_fault(&f);
}
