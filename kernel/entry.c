// SPDX-License-Identifier: MIT
/* The crossings of traps and interrupts from ring 3, of a new task's first
 * return to it, and of interrupts that wake an idle CPU (kernel/entry.h). */
#include "kernel/entry.h"

void kernel_entry(struct regs *r)
{
    (void)r;
    kernel_enter();
}

void kernel_exit(struct regs *r)
{
    kernel_leave(r);
}

/* Reached from the switch to it, so with the big lock held. */
void kernel_task_start(struct regs *r)
{
    sched_first_run();
    kernel_leave(r);
}

void kernel_irq_from_idle(void (*fn)(void))
{
    bkl_lock();
    fn();
    bkl_unlock();
}
