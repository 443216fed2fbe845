// SPDX-License-Identifier: MIT
/*
 * Processes: the first one (proc_init, pid 100), the ones fork makes, and
 * their end.  A process whose last thread ends becomes a zombie that keeps
 * its wait status until its parent reaps it (wait4, waitid), and its
 * parent gets its exit signal (SIGCHLD); a parent that ignores SIGCHLD or
 * set SA_NOCLDWAIT has its children reaped at once, as on Linux.  The
 * children of a process that ends go to the first process.  When the
 * first process ends the VM ends, as a container's init does.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/console.h"
#include "kernel/fs/file.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/ptimer.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"

#define SA_NOCLDSTOP 1
#define SA_NOCLDWAIT 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

struct process proc_init;
static struct process *all = &proc_init; /* linked by next */

void proc_boot(void)
{
    struct process *p = &proc_init;
    p->pid = p->pgid = PROC_PID;
    p->sid = PROC_SID;
    p->ppid = PROC_PPID;
    p->mm = mm_current(); /* mm_init's */
    p->exit_signal = LX_SIGCHLD;
    p->dumpable = 1;
    if (!(p->fs = vfs_proc_new()))
        panic("no memory for the first process");
    proc_limits_init(p);
    caps_init(p);
    ptimer_proc_init(p);
}

struct process *proc_find(int pid)
{
    for (struct process *p = all; p; p = p->next)
        if (p->pid == pid)
            return p;
    return NULL;
}

int proc_group_in_session(int pgid, int sid)
{
    for (struct process *p = all; p; p = p->next)
        if (p->pgid == pgid && (sid < 0 || p->sid == sid))
            return 1;
    return 0;
}

int proc_id_in_use(int id)
{
    for (struct process *p = all; p; p = p->next)
        if (p->pid == id || p->pgid == id || p->sid == id)
            return 1;
    return 0;
}

int proc_signal_each(int pid, int sig, const struct ksiginfo *info)
{
    struct process *me = proc_current();
    int pgid = pid == 0 ? me->pgid : -pid, found = 0, self = 0, err = 0;
    for (struct process *p = all; p; p = p->next) {
        if (p->zombie ||
            (pid == -1 ? p == &proc_init || p == me : p->pgid != pgid))
            continue;
        found = 1;
        if (p == me)
            self = 1; /* last: it may not return */
        else if (signal_proc(p, sig, info))
            err = -EAGAIN; /* a real-time queue was full */
    }
    if (self && signal_proc(me, sig, info))
        err = -EAGAIN;
    return found ? err : -ESRCH;
}

/* Whether group pgid is orphaned once ignore is gone (Linux's
 * will_become_orphaned_pgrp): no member has its parent in another group
 * of the same session.  A member the first process adopted does not count,
 * as one init adopted does not on Linux.  The first process's parent is
 * ./run, a job of the host's shell: its group is never orphaned. */
static int orphaned(int pgid, const struct process *ignore)
{
    for (struct process *p = all; p; p = p->next) {
        if (p->pgid != pgid || p->zombie || p == ignore || p->reparented)
            continue;
        if (!p->parent || (p->parent->pgid != pgid && p->parent->sid == p->sid))
            return 0;
    }
    return 1;
}

int proc_group_orphaned(int pgid)
{
    return orphaned(pgid, NULL);
}

/* member's group lost its last link to parent (which is leaving, or is
 * the one it had): if that orphans it while some member is stopped, the
 * whole group gets SIGHUP and SIGCONT, so that nothing waits forever for a
 * shell that is gone (POSIX; Linux's kill_orphaned_pgrp). */
static void hangup_orphans(struct process *member, struct process *parent,
                           const struct process *ignore)
{
    int pgid = member->pgid, stopped = 0;
    if (parent->pgid == pgid || parent->sid != member->sid ||
        !orphaned(pgid, ignore))
        return;
    for (struct process *p = all; p; p = p->next)
        stopped |= p->pgid == pgid && !p->zombie && p->stopped;
    if (stopped) {
        struct ksiginfo info = {.signo = LX_SIGHUP, .code = SI_KERNEL};
        proc_signal_each(-pgid, LX_SIGHUP, &info);
        info.signo = LX_SIGCONT;
        proc_signal_each(-pgid, LX_SIGCONT, &info);
    }
}

int proc_count_user(int uid)
{
    int n = 0;
    for (struct process *p = all; p; p = p->next)
        n += !p->zombie && p->uid.r == uid;
    return n;
}

struct process *proc_fork(struct mm_space *mm, struct process *parent,
                          int exit_signal)
{
    struct process *me = proc_current(), *p = kzalloc(sizeof(*p));
    if (!p)
        return NULL;
    if (!(p->fs = vfs_proc_fork(me->fs))) {
        kfree(p);
        return NULL;
    }
    p->pgid = me->pgid;
    p->sid = me->sid;
    p->mm = mm;
    p->exit_signal = exit_signal;
    memcpy(p->actions, me->actions, sizeof(p->actions));
    p->uid = me->uid;
    p->gid = me->gid;
    memcpy(p->groups, me->groups, sizeof(p->groups));
    p->ngroups = me->ngroups;
    p->cap_eff = me->cap_eff;
    p->cap_perm = me->cap_perm;
    p->cap_inh = me->cap_inh;
    p->keepcaps = me->keepcaps;
    memcpy(p->comm, me->comm, sizeof(p->comm));
    p->no_new_privs = me->no_new_privs;
    p->dumpable = me->dumpable;
    p->thp_disable = me->thp_disable;
    memcpy(p->limits, me->limits, sizeof(p->limits));
    p->nice = me->nice;
    memcpy(p->stack_layout, me->stack_layout, sizeof(p->stack_layout));
    p->start_ns = time_monotonic_ns();
    ptimer_proc_init(p); /* timers are not inherited */
    p->parent = parent;
    p->ppid = parent->pid;
    p->sibling = parent->children;
    parent->children = p;
    p->next = all;
    all = p;
    return p;
}

/* Take p out of every list and free it (it has no threads left). */
static void release(struct process *p)
{
    struct process **pp;
    for (pp = &p->parent->children; *pp != p; pp = &(*pp)->sibling)
        ;
    *pp = p->sibling;
    for (pp = &all; *pp != p; pp = &(*pp)->next)
        ;
    *pp = p->next;
    signal_proc_free(p);
    kfree(p->timers);
    kfree(p);
}

void proc_unfork(struct process *p)
{
    vfs_proc_exit(p->fs);
    mm_put(p->mm);
    release(p);
}

/* What a wait reports of child p now (its CLD_* code and si_status). */
static void report(const struct process *p, int *code, int *si_status)
{
    int st = p->exit_status;
    if (!p->zombie) {
        *code = p->stopped ? CLD_STOPPED : CLD_CONTINUED;
        *si_status = p->stopped ? p->stop_sig : LX_SIGCONT;
    } else {
        *code = (st & 0x7f) ? CLD_KILLED : CLD_EXITED;
        *si_status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
    }
}

/* Send p's parent sig about p, as its siginfo says (CLD_*). */
static void signal_parent(struct process *p, int sig)
{
    struct ksiginfo i = {.signo = sig};
    int32_t status;
    report(p, &i.code, &status);
    i.u.kill.pid = p->pid;
    i.u.kill.uid = (uint32_t)p->uid.r;
    memcpy(i.u.raw + 8, &status, sizeof(status)); /* after pid and uid */
    signal_proc(p->parent, sig, &i);
}

/* Tell p's parent that p has ended: its exit signal, a wakeup for wait,
 * or no zombie at all when the parent does not want one. */
static void notify_parent(struct process *p)
{
    struct process *parent = p->parent;
    const struct linux_sigaction *a = &parent->actions[LX_SIGCHLD];
    int reap = p->exit_signal == LX_SIGCHLD &&
               (a->handler == LX_SIG_IGN || (a->flags & SA_NOCLDWAIT));
    if (p->exit_signal)
        signal_parent(p, p->exit_signal);
    wait_wake(&parent->children_wq, -1);
    if (reap)
        release(p);
}

/* p stopped or went on: its parent gets SIGCHLD (unless SA_NOCLDSTOP)
 * and a report for wait. */
static void stop_news(struct process *p, int what)
{
    p->report = what;
    if (!p->parent) { /* the first process: ./run is its parent */
        if (what == PROC_REPORT_STOPPED)
            console_host_stop(p->stop_sig);
        return;
    }
    if (!(p->parent->actions[LX_SIGCHLD].flags & SA_NOCLDSTOP))
        signal_parent(p, LX_SIGCHLD);
    wait_wake(&p->parent->children_wq, -1);
}

void proc_stop(int sig)
{
    struct process *p = proc_current();
    struct task *me = task_current();
    if (!p->stopped) {
        p->stopped = 1;
        p->stop_sig = sig;
        for (struct task *t = p->threads; t; t = t->next_in_proc)
            if (t != me)
                signal_kick(t); /* they stop on their way out too */
        stop_news(p, PROC_REPORT_STOPPED);
    }
    while (p->stopped && !p->exiting)
        wait_sleep(&p->stop_wq, WAIT_FOREVER, 0);
}

void proc_continue(struct process *p)
{
    if (!p->stopped)
        return;
    p->stopped = 0;
    wait_wake(&p->stop_wq, -1);
    stop_news(p, PROC_REPORT_CONTINUED);
}

void proc_vfork_done(struct process *p)
{
    struct vfork_done *d = p->vfork;
    if (!d)
        return;
    p->vfork = NULL;
    d->done = 1;
    wait_wake(&d->wq, -1);
}

void proc_finish(struct process *p)
{
    ptimer_proc_exit(p);
    vfs_proc_exit(p->fs);
    p->fs = NULL;
    struct mm_space *mm = p->mm;
    p->mm = NULL;
    mm_put(mm);
    proc_vfork_done(p);
    /* Orphans go to the first process, which hears of the dead ones. */
    while (p->children) {
        struct process *c = p->children;
        p->children = c->sibling;
        c->parent = &proc_init;
        c->ppid = PROC_PID;
        c->reparented = 1;
        c->sibling = proc_init.children;
        proc_init.children = c;
        if (c->zombie)
            notify_parent(c);
        else
            hangup_orphans(c, p, NULL);
    }
    if (p->parent)
        hangup_orphans(p, p->parent, p);
    p->zombie = 1;
    notify_parent(p);
}

void proc_kill(struct process *p, int sig)
{
    if (p == &proc_init) { /* the VM ends */
        klog("program killed by %s", proc_signame(sig));
        proc_exit(128 + sig, UK_EXIT_SIGNAL);
    }
    /* Every thread ends on its way back to ring 3, the caller's too: this
     * may run in an interrupt. */
    if (p->exiting || p->zombie)
        return;
    p->exiting = 1;
    p->exit_status = sig;
    for (struct task *t = p->threads; t; t = t->next_in_proc)
        signal_end_thread(t);
    wait_wake(&p->stop_wq, -1); /* a stopped process dies too */
}

/* The caller's process (not the first) ends with wait status ws. */
static _Noreturn void end_group(int ws)
{
    struct process *p = proc_current();
    if (!p->exiting) {
        p->exiting = 1;
        p->exit_status = ws;
        for (struct task *t = p->threads; t; t = t->next_in_proc)
            if (t != task_current())
                signal_end_thread(t);
    }
    task_exit(0);
}

_Noreturn void proc_exit_group(int status)
{
    if (proc_current() == &proc_init)
        proc_exit(status & 0xff, UK_EXIT_NORMAL);
    end_group((status & 0xff) << 8);
}

_Noreturn void proc_die(int sig)
{
    end_group(sig);
}

/* Whether child c is one wait's (idtype, id) names, with the __WALL and
 * __WCLONE rules: a clone child is one whose exit signal is not SIGCHLD. */
static int matches(const struct process *c, int idtype, int id, int options)
{
    int clone = c->exit_signal != LX_SIGCHLD;
    if (!(options & PROC_WALL) && clone != !!(options & PROC_WCLONE))
        return 0;
    switch (idtype) {
    case PROC_P_PID:
        return c->pid == id;
    case PROC_P_PGID:
        return c->pgid == id;
    default:
        return 1;
    }
}

int proc_wait(int idtype, int id, int options, struct proc_waited *out)
{
    struct process *me = proc_current();
    int err = 0;
    for (;;) { /* a signal that comes with news (SIGCHLD) lets it through */
        int found = 0;
        for (struct process *c = me->children; c; c = c->sibling) {
            if (!matches(c, idtype, id, options))
                continue;
            found = 1;
            int news = c->zombie ? (options & PROC_WEXITED)
                       : c->report == PROC_REPORT_STOPPED
                           ? options & PROC_WSTOPPED
                       : c->report == PROC_REPORT_CONTINUED
                           ? options & PROC_WCONTINUED
                           : 0;
            if (!news)
                continue;
            out->pid = c->pid;
            out->uid = c->uid.r;
            report(c, &out->code, &out->si_status);
            if (!c->zombie) { /* a stop, or going on: reported once */
                out->status = c->stopped ? c->stop_sig << 8 | 0x7f : 0xffff;
                out->utime = out->stime = out->minflt = 0;
                if (!(options & PROC_WNOWAIT))
                    c->report = 0;
                return 1;
            }
            out->status = c->exit_status;
            out->utime = c->dead_utime + c->child_utime;
            out->stime = c->dead_stime + c->child_stime;
            out->minflt = c->dead_minflt + c->child_minflt;
            if (!(options & PROC_WNOWAIT)) {
                me->child_utime += out->utime;
                me->child_stime += out->stime;
                me->child_minflt += out->minflt;
                release(c);
            }
            return 1;
        }
        if (!found)
            return -ECHILD;
        if (options & PROC_WNOHANG)
            return 0;
        if (err)
            return err;
        err = wait_sleep(&me->children_wq, WAIT_FOREVER, 1);
    }
}

struct fs_proc *vfs_proc_of(int pid)
{
    struct process *p = proc_find(pid);
    return p ? p->fs : NULL;
}

int proc_next_pid(int after)
{
    int next = 0;
    for (struct process *p = all; p; p = p->next)
        if (p->pid > after && (!next || p->pid < next))
            next = p->pid;
    return next;
}

int proc_mm_enter(int pid)
{
    struct process *p = proc_find(pid);
    if (!p || !p->mm)
        return -ESRCH;
    mm_switch(p->mm);
    return 0;
}

void proc_mm_leave(void)
{
    mm_switch(proc_current()->mm);
}
