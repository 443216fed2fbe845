// SPDX-License-Identifier: MIT
/* CPU exceptions: page faults go to mm/, faults in user copies become
 * -EFAULT, other faults of the program become its fatal signal, and
 * anything else in the kernel is a panic. */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "mm/mm.h"
#include "syscall/linux.h"

extern char uaccess_start[], uaccess_end[], uaccess_fault[], syscall_entry[];

#define USER_FLAGS 0x240dd5 /* CF PF AF ZF SF TF DF OF AC ID */

/* Return to the program at r->rip only if that is a user address: iretq
 * to a non-canonical one would fault in ring 0.  Linux checks the same
 * before sysret. */
static void check_return(struct regs *r)
{
    if (r->rip >= MM_USER_TOP)
        proc_fatal_signal(LX_SIGSEGV, "return to a non-user address",
                          r->rip, r->rip);
}

void hal_syscall(struct regs *r)
{
    cputime_enter();
    syscall_dispatch(r);
    check_return(r);
    cputime_leave();
}

/*
 * Where `syscall` does not change privilege (kvm_pvm, PLATFORM.md; the
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
    check_return(r);
    return 1;
}

static const struct {
    const char *name;
    int sig;
} traps[32] = {
    [0] = {"divide error", LX_SIGFPE},
    [1] = {"debug trap", LX_SIGTRAP},
    [3] = {"breakpoint", LX_SIGTRAP},
    [4] = {"overflow", LX_SIGSEGV},
    [5] = {"bound range", LX_SIGSEGV},
    [6] = {"invalid opcode", LX_SIGILL},
    [7] = {"device not available", LX_SIGFPE},
    [8] = {"double fault", LX_SIGSEGV},
    [10] = {"invalid TSS", LX_SIGSEGV},
    [11] = {"segment not present", LX_SIGBUS},
    [12] = {"stack fault", LX_SIGBUS},
    [13] = {"general protection fault", LX_SIGSEGV},
    [14] = {"page fault", LX_SIGSEGV},
    [16] = {"x87 floating point error", LX_SIGFPE},
    [17] = {"alignment check", LX_SIGBUS},
    [18] = {"machine check", LX_SIGBUS},
    [19] = {"SIMD floating point error", LX_SIGFPE},
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

/* Every trap, fault and interrupt; from ring 3 it counts as system time. */
void trap_handler(struct regs *r)
{
    int user = (r->cs & 3) == 3;
    if (user)
        cputime_enter();
    if (r->vector >= 32)
        irq(r->vector & 255);
    else
        trap(r);
    if (user)
        cputime_leave();
}

static void trap(struct regs *r)
{

    int user = (r->cs & 3) == 3;
    uint64_t v = r->vector < 32 ? r->vector : 2;
    uint64_t addr = r->rip;
    const char *name = traps[v].name ? traps[v].name : "unexpected trap";

    hal_probe_trap(r);
    /* kvm_pvm reports `int N` through a DPL 0 gate as an invalid opcode;
     * hardware raises #GP, which is what the program must see. */
    uint8_t op;
    if (user && v == 6 && !copy_from_user(&op, (const void *)r->rip, 1) &&
        op == 0xcd) {
        v = 13;
        name = traps[v].name;
    }

    if (v == 14) {
        addr = hal_read_cr2();
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
            if (err == -EIO && user)
                proc_fatal_signal(LX_SIGBUS, "access beyond the end of a "
                                  "mapped file", addr, r->rip);
            if (!user) {
                r->rip = (uint64_t)uaccess_fault;
                return;
            }
        }
    }
    if (user)
        proc_fatal_signal(traps[v].sig ? traps[v].sig : LX_SIGSEGV, name,
                          addr, r->rip);
    panic("%s (vector %lu, error %#lx) at rip %#lx, address %#lx", name, v,
          r->error, r->rip, addr);
}
