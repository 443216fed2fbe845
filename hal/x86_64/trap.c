// SPDX-License-Identifier: MIT
/* CPU exceptions: page faults go to mm/, faults in user copies become
 * -EFAULT, other faults of the program become its fatal signal, and
 * anything else in the kernel is a panic. */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "mm/mm.h"
#include "syscall/linux.h"

extern char uaccess_start[], uaccess_end[], uaccess_fault[], syscall_entry[];

#define USER_FLAGS 0x240dd5 /* CF PF AF ZF SF TF DF OF AC ID */

/*
 * Some hypervisors (kvm_pvm, PLATFORM.md) run `syscall` without changing
 * privilege: the CPU jumps to LSTAR still in ring 3, and fetching the
 * supervisor-only entry page faults here.  The registers are exactly as
 * syscall_entry would see them (rcx = return rip, r11 = rflags), so the
 * call is completed from this frame.  Real hardware never comes here.
 */
static int syscall_via_fault(struct regs *r, uint64_t addr)
{
    if (addr != (uint64_t)syscall_entry || r->rip != addr)
        return 0;
    r->vector = r->rax;
    r->rip = r->rcx;
    r->rflags = (r->r11 & USER_FLAGS) | 0x2;
    syscall_dispatch(r);
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

void trap_handler(struct regs *r)
{
    int user = (r->cs & 3) == 3;
    uint64_t v = r->vector < 32 ? r->vector : 2;
    uint64_t addr = r->rip;
    const char *name = traps[v].name ? traps[v].name : "unexpected trap";

    if (v == 14) {
        addr = hal_read_cr2();
        int in_copy = (uint64_t)r->rip >= (uint64_t)uaccess_start &&
                      (uint64_t)r->rip < (uint64_t)uaccess_end;
        if (user && syscall_via_fault(r, addr))
            return;
        if (user || in_copy) {
            int err = mm_fault(addr, r->error);
            if (err == 0)
                return;
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
