// SPDX-License-Identifier: MIT
/*
 * Signals: a process-wide disposition per signal; per-thread masks; a
 * pending set (with queued siginfo) per thread and one for the process.
 * A signal for the process goes to a thread that does not block it.
 * Standard signals coalesce while pending, real-time ones queue.  Pending
 * signals are delivered, one frame at a time, on every way back to ring 3
 * (kernel_exit).  A default action either does nothing, or ends the
 * program (128 + signal); stopping signals do nothing, as nothing in the
 * VM could continue a stopped program.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/fs/vfs.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/ptimer.h"
#include "kernel/rseq.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/wait.h"
#include "syscall/linux.h"

#define B SIG_BIT
#define SA_SIGINFO 4
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_RESTORER 0x04000000
#define SS_AUTODISARM (1u << 31)
#define NR_RESTART_SYSCALL 219
#define MAX_QUEUED 4096 /* queued siginfo in all (RLIMIT_SIGPENDING) */

/* Faults first, as Linux takes them. */
#define SYNC (B(LX_SIGSEGV) | B(LX_SIGBUS) | B(LX_SIGILL) | B(LX_SIGTRAP) | \
              B(LX_SIGFPE) | B(31))
#define DEFAULT_IGNORE (B(LX_SIGCHLD) | B(LX_SIGCONT) | B(23) | B(28))
#define DEFAULT_STOP (B(LX_SIGSTOP) | B(20) | B(21) | B(22))

/* The calling process (functions given a task use the task's). */
#define P (proc_current())
static void *init_fpu; /* the FPU state a handler starts with */
static int queued;

struct linux_sigaction *signal_action(int sig)
{
    return &P->actions[sig];
}

/* Dropped when sent to p: ignored, or a default that does nothing. */
static int ignored(struct process *p, int sig)
{
    uint64_t h = p->actions[sig].handler;
    return h == LX_SIG_IGN || (h == LX_SIG_DFL && (DEFAULT_IGNORE & B(sig)));
}

static int fatal_by_default(struct process *p, int sig)
{
    return p->actions[sig].handler == LX_SIG_DFL &&
           !((DEFAULT_IGNORE | DEFAULT_STOP) & B(sig));
}

void signal_init(uint64_t ign)
{
    for (uint64_t m = ign & ~SIG_UNBLOCKABLE; m; m &= m - 1)
        P->actions[__builtin_ctzll(m) + 1].handler = LX_SIG_IGN;
    init_fpu = kzalloc(hal_fpu_size());
    if (!init_fpu)
        panic("no memory for the FPU's initial state");
    hal_fpu_init_area(init_fpu);
}

static int enqueue(struct sigpend *p, int sig, const struct ksiginfo *info)
{
    if (sig < 32 && (p->set & B(sig)))
        return 0; /* standard signals do not queue */
    struct sigq *q = queued < MAX_QUEUED ? kmalloc(sizeof(*q)) : NULL;
    if (!q) {
        if (sig >= 32)
            return -EAGAIN;
        p->set |= B(sig); /* without its info, as Linux under pressure */
        return 0;
    }
    queued++;
    q->info = info ? *info : (struct ksiginfo){.signo = sig, .code = SI_KERNEL};
    q->info.signo = sig;
    q->next = NULL;
    struct sigq **pp = &p->head;
    while (*pp)
        pp = &(*pp)->next;
    *pp = q;
    p->set |= B(sig);
    vfs_poll_wake(NULL); /* signalfd readers look again */
    return 0;
}

/* Take sig's first queued info (or make one up): 1, or 0 when all there
 * was is a stale timer signal, which is dropped. */
static int dequeue(struct sigpend *p, int sig, struct ksiginfo *out)
{
    for (;;) {
        struct sigq **pp = &p->head, *q;
        int more = 0;
        *out = (struct ksiginfo){.signo = sig, .code = SI_USER};
        while ((q = *pp) && q->info.signo != sig)
            pp = &q->next;
        if (q) {
            *out = q->info;
            *pp = q->next;
            kfree(q);
            queued--;
            for (q = *pp; q && !more; q = q->next)
                more = q->info.signo == sig;
        }
        if (!more)
            p->set &= ~B(sig);
        if (out->code != SI_TIMER || ptimer_taken(out))
            return 1;
        if (!more)
            return 0;
    }
}

static void drop(struct sigpend *p, int sig)
{
    struct ksiginfo unused;
    while (p->set & B(sig))
        dequeue(p, sig, &unused);
}

static void free_queue(struct sigpend *p)
{
    while (p->head) {
        struct sigq *q = p->head;
        p->head = q->next;
        kfree(q);
        queued--;
    }
}

void signal_task_free(struct task *t)
{
    free_queue(&t->pending);
}

void signal_proc_free(struct process *p)
{
    free_queue(&p->pending);
}

int signal_pending(struct task *t)
{
    return ((t->pending.set | t->proc->pending.set) & ~t->blocked) != 0;
}

uint64_t signal_pending_set(struct task *t)
{
    return t->pending.set | t->proc->pending.set;
}

/* Make t notice a signal: wake it from an interruptible sleep, or
 * interrupt its CPU so that it passes through kernel_exit. */
static void notify(struct task *t)
{
    if (t->state == TASK_SLEEPING && t->interruptible) {
        wait_remove(t);
        sched_wake(t, WOKE_SIGNAL);
    } else if (t->state == TASK_RUNNING && t != task_current() &&
               t->cpu != (int)hal_cpu_id()) {
        hal_send_ipi((unsigned)t->cpu, HAL_VEC_RESCHED);
    }
}

/* A thread of p that does not block sig: as Linux, the main thread
 * first, then the current one, then any. */
static struct task *taker(struct process *p, int sig)
{
    struct task *main = task_find(p->pid), *cur = task_current();
    if (main && main->proc == p && !(main->blocked & B(sig)))
        return main;
    if (cur->proc == p && cur->tid && !(cur->blocked & B(sig)))
        return cur;
    for (struct task *t = p->threads; t; t = t->next_in_proc)
        if (!(t->blocked & B(sig)))
            return t;
    return NULL;
}

/* Whether sig kills the process when t takes it: its default action is
 * fatal, unless t waits for it in sigtimedwait. */
static int fatal_for(struct task *t, int sig)
{
    return fatal_by_default(t->proc, sig) && !(t->waiting_for & B(sig));
}

/* What every send to p does first: 1 when there is nothing more to do
 * (signal 0 only checks, and a process that is ending takes no more),
 * -EINVAL for a bad number; SIGKILL ends p. */
static int send_checks(struct process *p, int sig)
{
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    if (p->zombie || p->exiting)
        return 1;
    if (sig == LX_SIGKILL)
        proc_kill(p, sig);
    /* SIGCONT resumes at once, whatever its action, and cancels pending
     * stops; a stop cancels a pending SIGCONT (Linux's prepare_signal). */
    uint64_t cancel = sig == LX_SIGCONT ? DEFAULT_STOP
                      : B(sig) & DEFAULT_STOP ? B(LX_SIGCONT)
                                              : 0;
    for (int s = 1; cancel && s <= LX_NSIG; s++)
        if (cancel & B(s)) {
            drop(&p->pending, s);
            for (struct task *t = p->threads; t; t = t->next_in_proc)
                drop(&t->pending, s);
        }
    if (sig == LX_SIGCONT)
        proc_continue(p);
    return !sig;
}

int signal_kill(int sig, const struct ksiginfo *info)
{
    return signal_proc(P, sig, info);
}

int signal_proc(struct process *p, int sig, const struct ksiginfo *info)
{
    int c = send_checks(p, sig);
    if (c)
        return c < 0 ? c : 0;
    struct task *t = taker(p, sig);
    if (ignored(p, sig) && t)
        return 0; /* dropped, unless every thread blocks it */
    if (t && fatal_for(t, sig)) {
        proc_kill(p, sig);
        return 0;
    }
    int err = enqueue(&p->pending, sig, info);
    if (!err && t)
        notify(t);
    return err;
}

int signal_tkill(struct task *t, int sig, const struct ksiginfo *info)
{
    int c = send_checks(t->proc, sig);
    if (c)
        return c < 0 ? c : 0;
    int blocked = (t->blocked & B(sig)) != 0;
    if (ignored(t->proc, sig) && !blocked)
        return 0;
    if (!blocked && fatal_for(t, sig)) {
        proc_kill(t->proc, sig);
        return 0;
    }
    int err = enqueue(&t->pending, sig, info);
    if (!err && !blocked)
        notify(t);
    return err;
}

void signal_send(int sig)
{
    signal_kill(sig, NULL);
}

void signal_self(int sig)
{
    struct task *t = task_current();
    struct ksiginfo i = {.signo = sig, .code = SI_USER};
    i.u.kill.pid = t->proc->pid;
    signal_tkill(t, sig, &i);
}

void signal_wait_mask(uint64_t mask)
{
    struct task *t = task_current();
    t->saved_mask = t->blocked;
    t->restore_mask = 1;
    signal_set_mask(t, mask);
}

void signal_wait_mask_end(int interrupted)
{
    struct task *t = task_current();
    if (interrupted || !t->restore_mask)
        return; /* signal_deliver puts it back, after the handler */
    t->restore_mask = 0;
    signal_set_mask(t, t->saved_mask);
}

void signal_fault(const struct signal_fault *f)
{
    struct task *t = task_current();
    int sig = f->sig;
    uint64_t h = P->actions[sig].handler;
    uint64_t rip = hal_regs_ip(t->regs);
    struct sigq *q = NULL;
    if (h == LX_SIG_DFL || h == LX_SIG_IGN || (t->blocked & B(sig)) ||
        !(q = kmalloc(sizeof(*q))))
        proc_fatal_signal(sig, f->what, f->where, rip);
    t->fault_addr = f->cr2;
    t->fault_err = f->err;
    t->fault_trapno = f->trapno;
    /* Ahead of anything queued: the handler runs before the faulting
     * instruction would run again. */
    queued++;
    q->info = (struct ksiginfo){.signo = sig, .code = f->code};
    q->info.u.fault.addr = f->addr;
    q->next = t->pending.head;
    t->pending.head = q;
    t->pending.set |= B(sig);
}

void signal_kick(struct task *t)
{
    notify(t);
}

void signal_end_thread(struct task *t)
{
    t->pending.set |= B(LX_SIGKILL); /* never blocked: signal_work sees it */
    notify(t);
}

void signal_exec(struct task *t)
{
    for (int sig = 1; sig <= LX_NSIG; sig++) {
        struct linux_sigaction *a = &P->actions[sig];
        uint64_t h = a->handler == LX_SIG_IGN ? LX_SIG_IGN : LX_SIG_DFL;
        *a = (struct linux_sigaction){.handler = h};
    }
    t->altstack = (struct linux_stack_t){.ss_flags = LX_SS_DISABLE};
    t->restore_mask = 0;
    t->in_syscall = 0;
}

void signal_action_changed(int sig)
{
    if (!ignored(P, sig))
        return;
    drop(&P->pending, sig);
    for (struct task *t = P->threads; t; t = t->next_in_proc)
        drop(&t->pending, sig);
}

void signal_set_mask(struct task *t, uint64_t mask)
{
    t->blocked = mask & ~SIG_UNBLOCKABLE;
}

int signal_take(struct task *t, uint64_t mask, struct ksiginfo *info)
{
    uint64_t own = t->pending.set & mask, all = P->pending.set & mask;
    uint64_t set = own ? own : all;
    if (!set)
        return 0;
    uint64_t sync = set & SYNC;
    int sig = __builtin_ctzll(sync ? sync : set) + 1;
    if (!dequeue(own ? &t->pending : &P->pending, sig, info))
        return signal_take(t, mask, info); /* it was stale: look again */
    return sig;
}

/* A syscall that a signal interrupted: run it again, or fail it with
 * EINTR when a handler runs (SA_RESTART restarts most). */
static void finish_syscall(struct regs *r, int handler, uint64_t flags)
{
    long nr = hal_regs_syscall_nr(r), ret = hal_regs_retval(r);
    if (nr < 0)
        return;
    switch (ret) {
    case -ERESTARTNOHAND:
        if (handler)
            break;
        hal_regs_restart(r, nr);
        return;
    case -ERESTART_RESTARTBLOCK:
        if (handler)
            break;
        hal_regs_restart(r, NR_RESTART_SYSCALL);
        return;
    case -ERESTARTSYS:
        if (handler && !(flags & SA_RESTART))
            break;
        hal_regs_restart(r, nr);
        return;
    case -ERESTARTNOINTR:
        hal_regs_restart(r, nr);
        return;
    default:
        return;
    }
    hal_regs_set_retval(r, -EINTR);
}

static int on_altstack(struct task *t, uint64_t sp)
{
    return !(t->altstack.ss_flags & LX_SS_DISABLE) &&
           sp - t->altstack.ss_sp < t->altstack.ss_size;
}

static int frame(struct task *t, struct regs *r, int sig,
                 const struct ksiginfo *info, struct linux_sigaction *a)
{
    uint64_t sp = hal_regs_sp(r);
    int alt = on_altstack(t, sp);
    struct hal_sigframe f = {
        .sig = sig, .info = info, .handler = a->handler,
        .restorer = a->restorer,
        .mask = t->restore_mask ? t->saved_mask : t->blocked,
        .stack = {t->altstack.ss_sp,
                  alt ? LX_SS_ONSTACK : t->altstack.ss_flags,
                  t->altstack.ss_size},
        .err = t->fault_err, .trapno = t->fault_trapno,
        .cr2 = t->fault_addr, .fpu = t->fpu,
    };
    if ((a->flags & SA_ONSTACK) && !alt &&
        !(t->altstack.ss_flags & LX_SS_DISABLE))
        f.sp = t->altstack.ss_sp + t->altstack.ss_size;
    else
        f.sp = sp - 128; /* the red zone */
    t->restore_mask = 0;
    if (t->rseq)
        rseq_interrupted(t, r);
    hal_fpu_save(t->fpu);
    if (!(a->flags & SA_RESTORER) || hal_signal_frame(r, &f))
        proc_fatal_signal(LX_SIGSEGV, "cannot write a signal frame", f.sp,
                          hal_regs_ip(r));
    hal_fpu_restore(init_fpu); /* the handler starts with a clean FPU */
    uint64_t mask = t->blocked | a->mask;
    if (!(a->flags & SA_NODEFER))
        mask |= B(sig);
    signal_set_mask(t, mask);
    if (a->flags & SA_RESETHAND) {
        a->handler = LX_SIG_DFL;
        a->flags &= ~(uint64_t)SA_SIGINFO;
    }
    if ((t->altstack.ss_flags & SS_AUTODISARM) &&
        f.sp == t->altstack.ss_sp + t->altstack.ss_size)
        t->altstack = (struct linux_stack_t){.ss_flags = LX_SS_DISABLE};
    return 1;
}

int signal_deliver(struct task *t, struct regs *r)
{
    if ((P->execing && P->execing != t) || P->exiting)
        task_exit(0); /* another thread runs execve, or the process ends */
    if (P->stopped)
        proc_stop(P->stop_sig); /* another thread stopped the process */
    if (P->exiting)
        task_exit(0); /* it was killed while stopped */
    int syscall = t->in_syscall;
    t->in_syscall = 0;
    for (;;) {
        uint64_t due = (t->pending.set | P->pending.set) & ~t->blocked;
        if (!due) {
            if (syscall)
                finish_syscall(r, 0, 0);
            if (t->restore_mask) {
                t->restore_mask = 0;
                signal_set_mask(t, t->saved_mask);
            }
            return 0;
        }
        uint64_t sync = due & SYNC;
        int sig = __builtin_ctzll(sync ? sync : due) + 1;
        struct ksiginfo info;
        if (!dequeue(t->pending.set & due & B(sig) ? &t->pending : &P->pending,
                     sig, &info))
            continue; /* a stale timer signal */
        struct linux_sigaction *a = &P->actions[sig];
        if (a->handler == LX_SIG_IGN)
            continue;
        if (a->handler == LX_SIG_DFL) {
            /* Terminal stops of an orphaned group are dropped: nothing
             * would continue it (POSIX). */
            if ((DEFAULT_STOP & B(sig)) &&
                (sig == LX_SIGSTOP || !proc_group_orphaned(P->pgid)))
                proc_stop(sig);
            if ((DEFAULT_IGNORE | DEFAULT_STOP) & B(sig))
                continue;
            proc_fatal_signal(sig, NULL, 0, 0);
        }
        if (syscall)
            finish_syscall(r, 1, a->flags);
        return frame(t, r, sig, &info, a);
    }
}

long signal_return(struct task *t, struct regs *r)
{
    uint64_t mask, frame_sp = hal_regs_sp(r);
    struct hal_stack st;
    if (hal_signal_return(r, &mask, &st, t->fpu))
        proc_fatal_signal(LX_SIGSEGV, "bad signal frame at rt_sigreturn",
                          hal_regs_sp(r), hal_regs_ip(r));
    hal_fpu_restore(t->fpu);
    signal_set_mask(t, mask);
    /* The saved alternate stack comes back, unless the frame lies on the
     * current one (a handler that set up a new one keeps it), as Linux
     * does. */
    if (!on_altstack(t, frame_sp) &&
        ((st.flags & ~(int)SS_AUTODISARM) == 0 ||
         st.flags == LX_SS_DISABLE) &&
        (st.flags == LX_SS_DISABLE || st.size >= LX_MINSIGSTKSZ))
        t->altstack = (struct linux_stack_t){st.sp, st.flags, 0, st.size};
    return hal_regs_retval(r);
}
