// SPDX-License-Identifier: MIT
/*
 * CPU time, as Linux accounts it on a tickless CPU: a TSC stamp at every
 * crossing between ring 3 and the kernel (kernel/entry.c) and at every
 * switch (kernel/sched.c); the time since the last stamp goes to the
 * thread's user or system total.  Time halted is nobody's.
 */
#include "hal/hal.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "kernel/time.h"

/* The call in progress counts as the caller's system time. */
static void stamp(struct task *me)
{
    uint64_t now = hal_rdtsc();
    me->stime += now - me->last_tsc;
    me->last_tsc = now;
}

void cputime_proc(struct process *p, uint64_t *user_ns, uint64_t *sys_ns)
{
    if (task_current()->proc == p)
        stamp(task_current());
    uint64_t u = p->dead_utime, s = p->dead_stime;
    for (struct task *t = p->threads; t; t = t->next_in_proc)
        u += t->utime, s += t->stime;
    *user_ns = time_tsc_to_ns(u);
    *sys_ns = time_tsc_to_ns(s);
}

void cputime_get(int thread, uint64_t *user_ns, uint64_t *sys_ns)
{
    struct task *me = task_current();
    if (!thread) {
        cputime_proc(me->proc, user_ns, sys_ns);
        return;
    }
    stamp(me);
    *user_ns = time_tsc_to_ns(me->utime);
    *sys_ns = time_tsc_to_ns(me->stime);
}

void cputime_children(uint64_t *user_ns, uint64_t *sys_ns)
{
    struct process *p = proc_current();
    *user_ns = time_tsc_to_ns(p->child_utime);
    *sys_ns = time_tsc_to_ns(p->child_stime);
}

void cputime_proc_counts(struct process *p, uint64_t *minflt, uint64_t *vol,
                         uint64_t *invol)
{
    *minflt = p->dead_minflt, *vol = *invol = 0;
    for (struct task *t = p->threads; t; t = t->next_in_proc)
        *minflt += t->minflt, *vol += t->nvcsw, *invol += t->nivcsw;
}

void cputime_count_fault(void)
{
    task_current()->minflt++;
}

uint64_t cputime_faults(int thread)
{
    if (thread)
        return task_current()->minflt;
    uint64_t n = proc_current()->dead_minflt;
    for (struct task *t = proc_current()->threads; t; t = t->next_in_proc)
        n += t->minflt;
    return n;
}

void cputime_switches(int thread, uint64_t *vol, uint64_t *invol)
{
    struct task *me = task_current();
    *vol = me->nvcsw, *invol = me->nivcsw;
    if (!thread)
        for (struct task *t = proc_current()->threads; t; t = t->next_in_proc)
            if (t != me)
                *vol += t->nvcsw, *invol += t->nivcsw;
}
