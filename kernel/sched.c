// SPDX-License-Identifier: MIT
/*
 * The scheduler: a run queue per CPU, round robin with a time slice that
 * is armed only while others wait, an idle task per CPU that halts, and
 * wakeups that put a task back on the queue of the CPU it last ran on
 * (an idle CPU takes work from a busy one).  Switching saves the outgoing
 * task's FPU state and loads the incoming one's, unless the CPU still
 * holds it.  All of it runs under the big kernel lock.
 */
#include "hal/hal.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/lock.h"
#include "kernel/rseq.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"

#define SLICE_NS 10000000ULL /* 10 ms */

struct cpu {
    struct task *current, *idle;
    struct task *rq_head, *rq_tail;
    unsigned nr;          /* tasks on the run queue */
    int online;
    struct task *zombie;    /* dead; freed once off this CPU's stack */
    struct task *fpu_owner; /* whose state the FPU registers still hold */
    uint64_t fs, gs;        /* the bases loaded in the MSRs */
    struct timer slice;
};

static struct cpu cpus[HAL_MAX_CPUS];
static unsigned ncpus = 1;

static struct cpu *this_cpu(void)
{
    return &cpus[hal_cpu_id()];
}

unsigned sched_ncpus(void)
{
    return ncpus;
}

static unsigned cpu_id(const struct cpu *c)
{
    return (unsigned)(c - cpus);
}

void sched_need_resched(void)
{
    hal_set_resched(hal_cpu_id(), 1);
}

static void slice_end(struct timer *t)
{
    (void)t;
    sched_need_resched();
}

/* Others wait for this CPU: make sure the running task's slice ends. */
static void arm_slice(struct cpu *c)
{
    if (c->nr && c->current != c->idle && !c->slice.armed)
        timer_start(&c->slice, time_monotonic_ns() + SLICE_NS, slice_end);
}

static void enqueue(struct cpu *c, struct task *t)
{
    t->rq_next = NULL;
    if (c->rq_tail)
        c->rq_tail->rq_next = t;
    else
        c->rq_head = t;
    c->rq_tail = t;
    c->nr++;
    t->cpu = (int)cpu_id(c);
}

static int allowed(const struct task *t, const struct cpu *c)
{
    return (t->affinity >> cpu_id(c)) & 1;
}

/* The first task on c's queue that may run on CPU on, taken off it. */
static struct task *dequeue_for(struct cpu *c, struct cpu *on)
{
    struct task **pp = &c->rq_head, *prev = NULL;
    while (*pp && !allowed(*pp, on)) {
        prev = *pp;
        pp = &(*pp)->rq_next;
    }
    struct task *t = *pp;
    if (!t)
        return NULL;
    *pp = t->rq_next;
    if (c->rq_tail == t)
        c->rq_tail = prev;
    c->nr--;
    return t;
}

static struct task *dequeue(struct cpu *c)
{
    return dequeue_for(c, c);
}

/* Put t on CPU c's queue and tell c, if it is another CPU. */
static void make_runnable(struct cpu *c, struct task *t)
{
    enqueue(c, t);
    if (c == this_cpu()) {
        if (c->current == c->idle)
            hal_set_resched(cpu_id(c), 1);
        else
            arm_slice(c);
    } else {
        hal_send_ipi(cpu_id(c), HAL_VEC_RESCHED);
    }
}

/* Another online CPU that t may use and that has nothing to do. */
static struct cpu *idle_cpu(const struct task *t)
{
    for (unsigned i = 0; i < ncpus; i++) {
        struct cpu *c = &cpus[i];
        if (c->online && c != this_cpu() && c->current == c->idle &&
            !c->nr && allowed(t, c))
            return c;
    }
    return NULL;
}

/* The CPU t may use that has the least to do, this one on a tie. */
static struct cpu *least_busy(const struct task *t)
{
    struct cpu *best = NULL;
    unsigned load = ~0u;
    for (unsigned i = 0; i <= ncpus; i++) {
        /* this CPU first, then the others in order */
        struct cpu *c = i == 0 ? this_cpu() : &cpus[i - 1];
        unsigned l = c->nr + (c->current != c->idle);
        if (c->online && allowed(t, c) && l < load)
            best = c, load = l;
    }
    return best ? best : this_cpu();
}

void sched_add(struct task *t)
{
    t->state = TASK_RUNNING;
    make_runnable(least_busy(t), t);
}

uint64_t sched_online_mask(void)
{
    uint64_t m = 0;
    for (unsigned i = 0; i < ncpus; i++)
        if (cpus[i].online)
            m |= 1ULL << i;
    return m;
}

void sched_bases_changed(void)
{
    struct cpu *c = this_cpu();
    c->fs = c->current->fs_base;
    c->gs = c->current->gs_base;
}

void sched_set_affinity(struct task *t, uint64_t mask)
{
    t->affinity = mask;
    struct cpu *c = &cpus[t->cpu];
    if (allowed(t, c))
        return;
    if (t == c->current) {
        hal_set_resched(cpu_id(c), 1); /* schedule() moves it */
    } else if (t->state == TASK_RUNNING) {
        struct task **pp = &c->rq_head, *prev = NULL;
        while (*pp != t) {
            prev = *pp;
            pp = &(*pp)->rq_next;
        }
        *pp = t->rq_next;
        if (c->rq_tail == t)
            c->rq_tail = prev;
        c->nr--;
        make_runnable(least_busy(t), t);
    }
}

void sched_wake(struct task *t, int why)
{
    if (t->state != TASK_SLEEPING)
        return;
    t->state = TASK_RUNNING;
    t->woken = why;
    /* Back where it ran, unless that CPU is busy and another is idle. */
    struct cpu *c = &cpus[t->cpu], *i;
    if (!c->online || !allowed(t, c))
        c = least_busy(t);
    if ((c->nr || c->current != c->idle) && (i = idle_cpu(t)))
        c = i;
    make_runnable(c, t);
}

/* An idle CPU takes a waiting task from another CPU's queue. */
static struct task *steal(struct cpu *self)
{
    for (unsigned i = 0; i < ncpus; i++) {
        struct task *t;
        if (&cpus[i] != self && cpus[i].nr &&
            (t = dequeue_for(&cpus[i], self)))
            return t;
    }
    return NULL;
}

/* After a switch, on the incoming task's stack: free the task that died. */
static void sched_tail(void)
{
    struct cpu *c = this_cpu();
    struct task *z = c->zombie;
    if (z) {
        c->zombie = NULL;
        task_free(z);
    }
}

void sched_first_run(void)
{
    sched_tail();
}

static void switch_to(struct cpu *c, struct task *prev, struct task *next)
{
    uint64_t now = hal_rdtsc();
    if (prev != c->idle)
        prev->stime += now - prev->last_tsc;
    next->last_tsc = now;
    if (prev->state == TASK_DEAD) {
        if (c->fpu_owner == prev)
            c->fpu_owner = NULL;
        c->zombie = prev;
    } else if (prev != c->idle) {
        hal_fpu_save(prev->fpu);
        c->fpu_owner = prev;
        prev->rseq_dirty = 1;
    }
    mm_switch(next == c->idle ? NULL : next->proc->mm);
    if (next != c->idle) {
        if (c->fpu_owner != next) {
            hal_fpu_restore(next->fpu);
            c->fpu_owner = next;
        }
        if (c->fs != next->fs_base)
            hal_set_fs_base(c->fs = next->fs_base);
        if (c->gs != next->gs_base)
            hal_set_user_gs_base(c->gs = next->gs_base);
    }
    hal_set_kernel_stack((uint64_t)next->kstack + KSTACK_BYTES);
    c->current = next;
    hal_cpu_set_task(cpu_id(c), next);
    next->cpu = (int)cpu_id(c);
    hal_switch(&prev->ksp, next->ksp);
    sched_tail();
}

void schedule(void)
{
    struct cpu *c = this_cpu();
    struct task *prev = c->current, *next;
    hal_set_resched(cpu_id(c), 0);
    if (prev != c->idle && prev->state == TASK_RUNNING) {
        if (!allowed(prev, c)) {
            make_runnable(least_busy(prev), prev); /* its affinity moved */
        } else {
            if (!c->nr)
                return; /* nobody else wants this CPU */
            struct cpu *i = idle_cpu(prev);
            if (i)
                make_runnable(i, prev); /* preempted; another CPU is free */
            else
                enqueue(c, prev);
        }
        prev->nivcsw++;
    } else if (prev != c->idle) {
        prev->nvcsw++;
    }
    next = dequeue(c);
    if (!next)
        next = steal(c);
    if (!next)
        next = c->idle;
    if (c->nr && next != c->idle)
        timer_start(&c->slice, time_monotonic_ns() + SLICE_NS, slice_end);
    else
        timer_stop(&c->slice);
    if (next != prev)
        switch_to(c, prev, next);
}

/* The idle task: halt until an interrupt brings work.  The big lock is
 * let go while halted, and the interrupt handler takes it itself. */
_Noreturn static void idle(struct cpu *c)
{
    for (;;) {
        if (c->nr || hal_resched_due())
            schedule();
        else {
            bkl_unlock();
            hal_wait_interrupt();
            bkl_lock();
        }
    }
}

static struct task idle_tasks[HAL_MAX_CPUS];

static void cpu_init(unsigned id)
{
    struct cpu *c = &cpus[id];
    c->idle = c->current = &idle_tasks[id];
    c->idle->proc = &proc_init; /* what kernel code at boot works on */
    hal_cpu_set_task(id, c->current);
    c->idle->state = TASK_RUNNING;
    c->idle->cpu = (int)id;
    c->idle->tid = 0;
    c->online = 1;
}

/* Another CPU put a task on this one's queue (make_runnable): the task
 * running here gets a time slice, or an idle CPU switches at once.
 * Without this a busy CPU would never look at its queue. */
static void resched_ipi(void)
{
    struct cpu *c = this_cpu();
    if (c->current == c->idle)
        sched_need_resched();
    else
        arm_slice(c);
}

void sched_init(unsigned n)
{
    ncpus = n ? MIN(n, HAL_MAX_CPUS) : 1;
    cpu_init(0);
    hal_irq_handler(HAL_VEC_RESCHED, resched_ipi);
}

_Noreturn void sched_idle_loop(void)
{
    idle(this_cpu());
}

void sched_cpu_up(unsigned id)
{
    cpu_init(id);
}

/* An application processor, on its idle stack, with the big lock. */
_Noreturn void sched_ap_start(unsigned id)
{
    idle(&cpus[id]);
}

/* The task whose kernel stack is freed must not be anybody's FPU owner. */
void sched_forget(struct task *t)
{
    for (unsigned i = 0; i < ncpus; i++)
        if (cpus[i].fpu_owner == t)
            cpus[i].fpu_owner = NULL;
}
