/* SPDX-License-Identifier: MIT */
/*
 * The kernel's side of every crossing between ring 3 and ring 0, inline
 * because every syscall makes one: the big lock, CPU time, and the work
 * due before the program runs again (rescheduling, signal delivery,
 * restartable sequences).  kernel/entry.c has the crossings of traps,
 * interrupts and new tasks, syscall/table.c the syscall's.
 */
#ifndef UK_KERNEL_ENTRY_H
#define UK_KERNEL_ENTRY_H

#include "hal/hal.h"
#include "kernel/lock.h"
#include "kernel/rseq.h"
#include "kernel/signal.h"
#include "kernel/task.h"

/* From ring 3: the time since the last crossing was the program's. */
static inline __attribute__((always_inline)) void kernel_enter(void)
{
    bkl_lock();
    struct task *t = task_current();
    uint64_t now = hal_rdtsc();
    t->utime += now - t->last_tsc;
    t->last_tsc = now;
}

/* Back to ring 3 with registers r: the time since entry was the kernel's. */
static inline __attribute__((always_inline)) void kernel_leave(struct regs *r)
{
    struct task *t = task_current();
    sched_exit();
    while (signal_work(t) && signal_deliver(t, r))
        if (sched_resched_due())
            schedule();
    if (t->rseq && t->rseq_dirty)
        rseq_return(t, r);
    uint64_t now = hal_rdtsc();
    t->stime += now - t->last_tsc;
    t->last_tsc = now;
    bkl_unlock();
}

#endif
