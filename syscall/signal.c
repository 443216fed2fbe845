// SPDX-License-Identifier: MIT
/*
 * Signal syscalls: argument checks in Linux's order, then kernel/signal.c.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "syscall/caps.h"
#include "syscall/linux.h"

#define SS_AUTODISARM (1u << 31)

long sys_rt_sigaction(int sig, const struct linux_sigaction *act,
                      struct linux_sigaction *oact, uint64_t size)
{
    struct linux_sigaction a;
    if (size != sizeof(uint64_t) || sig < 1 || sig > LX_NSIG)
        return -EINVAL;
    if (act && (sig == LX_SIGKILL || sig == LX_SIGSTOP))
        return -EINVAL;
    if (act && copy_from_user(&a, act, sizeof(a)))
        return -EFAULT;
    if (oact && copy_to_user(oact, signal_action(sig), sizeof(*oact)))
        return -EFAULT;
    if (act) {
        a.mask &= ~SIG_UNBLOCKABLE;
        *signal_action(sig) = a;
        signal_action_changed(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset,
                        uint64_t size)
{
    struct task *t = task_current();
    uint64_t s;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    if (set) {
        if (copy_from_user(&s, set, sizeof(s)))
            return -EFAULT;
        if (how != LX_SIG_BLOCK && how != LX_SIG_UNBLOCK &&
            how != LX_SIG_SETMASK)
            return -EINVAL;
    }
    if (oset && copy_to_user(oset, &t->blocked, sizeof(t->blocked)))
        return -EFAULT;
    if (set)
        signal_set_mask(t, how == LX_SIG_BLOCK     ? t->blocked | s
                           : how == LX_SIG_UNBLOCK ? t->blocked & ~s
                                                   : s);
    return 0;
}

long sys_rt_sigpending(uint64_t *set, uint64_t size)
{
    struct task *t = task_current();
    uint64_t p = signal_pending_set(t) & t->blocked;
    if (size > sizeof(uint64_t))
        return -EINVAL;
    return copy_to_user(set, &p, size);
}

long sys_sigaltstack(const struct linux_stack_t *ss, struct linux_stack_t *old)
{
    struct task *t = task_current();
    struct linux_stack_t n, cur = t->altstack;
    uint64_t sp = hal_regs_sp(t->regs);
    int on = !(cur.ss_flags & LX_SS_DISABLE) && sp - cur.ss_sp < cur.ss_size;
    if (ss && copy_from_user(&n, ss, sizeof(n)))
        return -EFAULT;
    if (on)
        cur.ss_flags = LX_SS_ONSTACK | (cur.ss_flags & (int)SS_AUTODISARM);
    if (old && copy_to_user(old, &cur, sizeof(cur)))
        return -EFAULT;
    if (!ss)
        return 0;
    if (on)
        return -EPERM;
    int mode = n.ss_flags & ~(int)SS_AUTODISARM;
    if (mode != 0 && mode != LX_SS_DISABLE && mode != LX_SS_ONSTACK)
        return -EINVAL;
    if (mode == LX_SS_DISABLE) {
        t->altstack = (struct linux_stack_t){.ss_flags = LX_SS_DISABLE};
        return 0;
    }
    if (n.ss_size < LX_MINSIGSTKSZ)
        return -ENOMEM;
    n.ss_flags &= (int)SS_AUTODISARM;
    t->altstack = n;
    return 0;
}

/* What kill and tgkill say of the sender. */
static struct ksiginfo sender(int sig, int code)
{
    struct ksiginfo i = {.signo = sig, .code = code};
    i.u.kill.pid = proc_current()->pid;
    i.u.kill.uid = (uint32_t)cred_uid();
    return i;
}

long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    struct ksiginfo i = sender(sig, SI_USER);
    if (pid > 0) {
        struct process *p = proc_find(pid);
        return p ? signal_proc(p, sig, &i) : -ESRCH;
    }
    return proc_signal_each(pid, sig, &i);
}

static long thread_kill(int tid, int sig)
{
    struct task *t = task_find(tid);
    if (!t)
        return -ESRCH;
    struct ksiginfo i = sender(sig, SI_TKILL);
    return signal_tkill(t, sig, &i);
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0)
        return -EINVAL;
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    return thread_kill(tid, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    struct task *t = task_find(tid);
    if (!t || t->proc->pid != tgid)
        return -ESRCH;
    return thread_kill(tid, sig);
}

/* A program may queue any siginfo to itself; to another process it may
 * not pose as the kernel or as kill (EPERM before ESRCH, as Linux). */
static long queue_info(const void *uinfo, int sig, int pid,
                       struct ksiginfo *i)
{
    if (copy_from_user(i, uinfo, sizeof(*i)))
        return -EFAULT;
    if ((i->code >= 0 || i->code == SI_TKILL) && pid != proc_current()->pid)
        return -EPERM;
    i->signo = sig;
    return 0;
}

long sys_rt_sigqueueinfo(int pid, int sig, const void *uinfo)
{
    struct ksiginfo i;
    long err = queue_info(uinfo, sig, pid, &i);
    if (err)
        return err;
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    struct process *p = pid > 0 ? proc_find(pid) : NULL;
    if (!p)
        return -ESRCH;
    return signal_proc(p, sig, &i);
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const void *uinfo)
{
    struct ksiginfo i;
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    long err = queue_info(uinfo, sig, tgid, &i);
    if (err)
        return err;
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    struct task *t = task_find(tid);
    if (!t || t->proc->pid != tgid)
        return -ESRCH;
    return signal_tkill(t, sig, &i);
}

long sys_rt_sigreturn(void)
{
    struct task *t = task_current();
    return signal_return(t, t->regs);
}

/* Sleep until a handler runs: the syscall then fails with EINTR. */
long sys_pause(void)
{
    while (wait_sleep(NULL, WAIT_FOREVER, 1) != -ERESTARTSYS)
        ;
    return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(const uint64_t *umask, uint64_t size)
{
    struct task *t = task_current();
    uint64_t mask;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)))
        return -EFAULT;
    t->saved_mask = t->blocked;
    t->restore_mask = 1; /* the handler's frame holds the old mask */
    signal_set_mask(t, mask);
    return sys_pause();
}

long sys_rt_sigtimedwait(const uint64_t *uset, void *uinfo,
                         const struct linux_timespec *uts, uint64_t size)
{
    struct task *t = task_current();
    uint64_t set, deadline = WAIT_FOREVER;
    struct linux_timespec ts;
    struct ksiginfo info;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    if (copy_from_user(&set, uset, sizeof(set)))
        return -EFAULT;
    if (uts) {
        if (copy_from_user(&ts, uts, sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        deadline = time_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000 +
                   (uint64_t)ts.tv_nsec;
    }
    set &= ~SIG_UNBLOCKABLE;
    int sig = signal_take(t, set, &info);
    if (!sig) {
        /* While it waits, the signals it waits for may wake it. */
        uint64_t old = t->blocked;
        signal_set_mask(t, old & ~set);
        t->waiting_for = set;
        long err = wait_sleep(NULL, deadline, 1);
        t->waiting_for = 0;
        signal_set_mask(t, old);
        sig = signal_take(t, set, &info);
        if (!sig)
            return err == -ETIMEDOUT ? -EAGAIN : -EINTR;
    }
    if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
        return -EFAULT;
    return sig;
}
