// SPDX-License-Identifier: MIT
/*
 * Tasks: a kernel stack with the user registers at its top, an FPU save
 * area and the thread's own state.  Threads get ids after the program's
 * pid.  Like Linux, the number of threads is bounded by RAM (threads-max:
 * one kernel stack's worth of RAM in eight per thread), so running out
 * is EAGAIN, never a panic.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/futex.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/mm.h"

#define HASH 256

static struct task *by_tid[HASH];
static int ntasks;
static int next_tid = PROC_PID + 1;

struct task *task_find(int tid)
{
    for (struct task *t = by_tid[(unsigned)tid % HASH]; t; t = t->hash_next)
        if (t->tid == tid)
            return t;
    return NULL;
}

int task_limit(void)
{
    struct mm_stats st;
    mm_get_stats(&st);
    uint64_t n = st.total_bytes / (8 * KSTACK_BYTES);
    return n < 20 ? 20 : n > 4194304 ? 4194304 : (int)n;
}

/* The next free tid, as Linux hands them out: increasing, wrapping. */
static int alloc_tid(void)
{
    for (;;) {
        int tid = next_tid++;
        if (next_tid >= 4194304)
            next_tid = PROC_PID + 1;
        if (!task_find(tid) && !proc_id_in_use(tid))
            return tid;
    }
}

static void link(struct task *t)
{
    unsigned h = (unsigned)t->tid % HASH;
    t->hash_next = by_tid[h];
    by_tid[h] = t;
    t->next_in_proc = t->proc->threads;
    t->proc->threads = t;
    t->proc->nthreads++;
    ntasks++;
}

void task_unlink(struct task *t)
{
    struct task **pp = &by_tid[(unsigned)t->tid % HASH];
    while (*pp != t)
        pp = &(*pp)->hash_next;
    *pp = t->hash_next;
    for (pp = &t->proc->threads; *pp != t; pp = &(*pp)->next_in_proc)
        ;
    *pp = t->next_in_proc;
    t->proc->nthreads--;
    ntasks--;
}

static void rehash(struct task *t, int tid)
{
    struct task **pp = &by_tid[(unsigned)t->tid % HASH];
    while (*pp != t)
        pp = &(*pp)->hash_next;
    *pp = t->hash_next;
    t->tid = tid;
    t->hash_next = by_tid[(unsigned)tid % HASH];
    by_tid[(unsigned)tid % HASH] = t;
}

void task_kill_others(void)
{
    struct task *me = task_current();
    struct process *p = me->proc;
    p->execing = me;
    for (struct task *t = p->threads; t; t = t->next_in_proc)
        if (t != me)
            signal_end_thread(t);
    while (p->nthreads > 1)
        wait_sleep(&p->exec_wq, WAIT_FOREVER, 0);
    p->execing = NULL;
    if (me->tid != p->pid)
        rehash(me, p->pid);
}

struct task *task_new(struct process *p, int copy_fpu)
{
    if (ntasks >= task_limit())
        return NULL;
    struct task *t = kzalloc(sizeof(*t));
    uint64_t stack = frame_alloc_contig_dirty(KSTACK_BYTES / PAGE_SIZE);
    /* zeroed: XSAVE leaves the header's reserved bytes as they were, and
     * XRSTOR faults unless they are zero (a reused block is not) */
    void *fpu = kzalloc(hal_fpu_size());
    if (!t || !stack || !fpu) {
        kfree(t);
        kfree(fpu);
        if (stack)
            for (uint64_t i = 0; i < KSTACK_BYTES; i += PAGE_SIZE)
                frame_free(stack + i);
        return NULL;
    }
    t->kstack = phys_to_virt(stack);
    t->fpu = fpu;
    if (copy_fpu)
        hal_fpu_save(fpu); /* the caller's live state */
    else
        hal_fpu_init_area(fpu);
    t->ksp = hal_task_stack((uint64_t)t->kstack + KSTACK_BYTES, &t->regs);
    /* the first process's first thread has its pid (PROC_PID) already */
    t->tid = !p->nthreads && p->pid ? p->pid : alloc_tid();
    t->state = TASK_SLEEPING; /* until sched_add */
    t->altstack.ss_flags = LX_SS_DISABLE;
    t->affinity = ~0ULL;
    t->proc = p;
    link(t);
    if (!p->pid) /* the first thread of a new process */
        p->pid = t->tid;
    return t;
}

struct task *task_first(uint64_t rip, uint64_t rsp)
{
    struct task *t = task_new(&proc_init, 0);
    if (!t)
        return NULL;
    hal_regs_user(t->regs, rip, rsp);
    return t;
}

void task_free(struct task *t)
{
    sched_forget(t);
    signal_task_free(t);
    uint64_t stack = virt_to_phys(t->kstack);
    for (uint64_t i = 0; i < KSTACK_BYTES; i += PAGE_SIZE)
        frame_free(stack + i);
    kfree(t->fpu);
    kfree(t);
}

_Noreturn void task_exit(int status)
{
    struct task *t = task_current();
    struct process *p = t->proc;
    futex_exit(t); /* robust list, then clear_child_tid */
    if (p->nthreads == 1 && p == &proc_init)
        proc_exit(status & 0xff, UK_EXIT_NORMAL); /* the VM ends */
    p->dead_utime += t->utime;
    p->dead_stime += t->stime;
    p->dead_minflt += t->minflt;
    task_unlink(t);
    if (!p->nthreads) { /* the last thread: the process ends */
        if (!p->exiting)
            p->exit_status = (status & 0xff) << 8;
        proc_finish(p); /* p may be gone after this */
    } else if (p->execing) {
        wait_wake(&p->exec_wq, -1);
    }
    t->state = TASK_DEAD;
    schedule();
    panic("a dead task ran again");
}
