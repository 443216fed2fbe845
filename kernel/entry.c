// SPDX-License-Identifier: MIT
/*
 * The kernel's side of every crossing between ring 3 and ring 0: the big
 * lock, CPU time, and the work due before the program runs again:
 * rescheduling, restartable sequences, signal delivery.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/lock.h"
#include "kernel/rseq.h"
#include "kernel/signal.h"
#include "kernel/task.h"

static inline __attribute__((always_inline)) void entry(void)
{
    bkl_lock();
    struct task *t = task_current();
    uint64_t now = hal_rdtsc();
    t->utime += now - t->last_tsc;
    t->last_tsc = now;
}

static inline __attribute__((always_inline)) void leave(struct regs *r)
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

void kernel_entry(struct regs *r)
{
    (void)r;
    entry();
}

void kernel_exit(struct regs *r)
{
    leave(r);
}

/* The whole crossing of a syscall in one function: it is the most
 * frequent one. */
void kernel_syscall(struct regs *r)
{
    entry();
    syscall_dispatch(r);
    leave(r);
}

void kernel_irq_from_idle(void (*fn)(void))
{
    bkl_lock();
    fn();
    bkl_unlock();
}
