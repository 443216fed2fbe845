// SPDX-License-Identifier: MIT
/* A task's first registers and kernel stack. */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/kernel.h"

extern char hal_task_entry[];

uint64_t hal_task_stack(uint64_t top, struct regs **regs)
{
    struct regs *r = (struct regs *)(top - sizeof(struct regs));
    uint64_t *sp = (uint64_t *)r;
    *--sp = (uint64_t)hal_task_entry; /* hal_switch's ret */
    for (int i = 0; i < 6; i++)
        *--sp = 0; /* rbx rbp r12 r13 r14 r15 */
    *regs = r;
    return (uint64_t)sp;
}

/* Linux starts a program with every register zero (%rdx = 0: no atexit
 * function). */
void hal_regs_user(struct regs *r, uint64_t rip, uint64_t rsp)
{
    memset(r, 0, sizeof(*r));
    r->rip = rip;
    r->rsp = rsp;
    r->cs = USER_CS;
    r->ss = USER_DS;
    r->rflags = USER_RFLAGS;
}

uint64_t hal_regs_sp(const struct regs *r)
{
    return r->rsp;
}

uint64_t hal_regs_ip(const struct regs *r)
{
    return r->rip;
}

void hal_regs_set_ip(struct regs *r, uint64_t ip)
{
    r->rip = ip;
}

long hal_regs_retval(const struct regs *r)
{
    return (long)r->rax;
}

void hal_regs_set_retval(struct regs *r, long v)
{
    r->rax = (uint64_t)v;
}

long hal_regs_syscall_nr(const struct regs *r)
{
    return (long)r->vector;
}

/* Run the syscall instruction again, as syscall nr. */
void hal_regs_restart(struct regs *r, long nr)
{
    r->rax = (uint64_t)nr;
    r->rip -= 2;
}

size_t hal_regs_size(void)
{
    return sizeof(struct regs);
}

void hal_regs_set_sp(struct regs *r, uint64_t sp)
{
    r->rsp = sp;
}
