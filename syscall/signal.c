// SPDX-License-Identifier: MIT
/*
 * Signal state.  Dispositions, the mask and the alternate stack are kept
 * with Linux's checks; delivery to handlers comes later (PARTIAL), so a
 * signal the program sends itself either takes its default action (most
 * often: the program dies with 128 + sig), is ignored, or, with a handler
 * installed, is reported and ends the program.
 */
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "syscall/linux.h"

#define BIT(s) (1ULL << ((s)-1))
#define UNBLOCKABLE (BIT(LX_SIGKILL) | BIT(LX_SIGSTOP))
/* Signals whose default action is to do nothing. */
#define DEFAULT_IGNORE                                                         \
    (BIT(LX_SIGCHLD) | BIT(LX_SIGCONT) | BIT(23) /* SIGURG */ |                \
     BIT(28) /* SIGWINCH */)

static struct linux_sigaction actions[LX_NSIG + 1];
static uint64_t blocked, pending;
static struct linux_stack_t altstack = {.ss_flags = LX_SS_DISABLE};

static void deliver_pending(void);

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
    if (oact && copy_to_user(oact, &actions[sig], sizeof(*oact)))
        return -EFAULT;
    if (act) {
        a.mask &= ~UNBLOCKABLE;
        actions[sig] = a;
        /* Ignoring a pending signal discards it, as in Linux. */
        if (a.handler == LX_SIG_IGN ||
            (a.handler == LX_SIG_DFL && (DEFAULT_IGNORE & BIT(sig))))
            pending &= ~BIT(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset,
                        uint64_t size)
{
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
    if (oset && copy_to_user(oset, &blocked, sizeof(blocked)))
        return -EFAULT;
    if (set) {
        if (how == LX_SIG_BLOCK)
            blocked |= s;
        else if (how == LX_SIG_UNBLOCK)
            blocked &= ~s;
        else
            blocked = s;
        blocked &= ~UNBLOCKABLE;
        deliver_pending();
    }
    return 0;
}

long sys_rt_sigpending(uint64_t *set, uint64_t size)
{
    if (size > sizeof(uint64_t))
        return -EINVAL;
    return copy_to_user(set, &pending, size);
}

long sys_sigaltstack(const struct linux_stack_t *ss, struct linux_stack_t *old)
{
    struct linux_stack_t n;
    if (ss && copy_from_user(&n, ss, sizeof(n)))
        return -EFAULT;
    if (old && copy_to_user(old, &altstack, sizeof(altstack)))
        return -EFAULT;
    if (!ss)
        return 0;
    int mode = n.ss_flags & ~(int)(1u << 31); /* SS_AUTODISARM */
    if (mode != 0 && mode != LX_SS_DISABLE && mode != LX_SS_ONSTACK)
        return -EINVAL;
    if (mode == LX_SS_DISABLE) {
        altstack = (struct linux_stack_t){.ss_flags = LX_SS_DISABLE};
        return 0;
    }
    if (n.ss_size < LX_MINSIGSTKSZ)
        return -ENOMEM;
    n.ss_flags &= (int)(1u << 31);
    altstack = n;
    return 0;
}

/* A signal arrives unblocked: ignore it, or take its default action. */
static long arrive(int sig)
{
    uint64_t h = actions[sig].handler;
    if (sig != LX_SIGKILL && sig != LX_SIGSTOP) {
        if (h == LX_SIG_IGN ||
            (h == LX_SIG_DFL && (DEFAULT_IGNORE & BIT(sig))))
            return 0;
        if (h != LX_SIG_DFL)
            klog("%s has a handler, but signal delivery is not supported "
                 "yet", proc_signame(sig));
    }
    if (sig == LX_SIGSTOP || sig == 20 || sig == 21 || sig == 22)
        return 0; /* stopping: nobody could continue us */
    proc_fatal_signal(sig, NULL, 0, 0);
}

/* Send sig to ourselves: it waits while blocked. */
static long send_self(int sig)
{
    if (sig < 0 || sig > LX_NSIG)
        return -EINVAL;
    if (sig == 0)
        return 0;
    if ((blocked & BIT(sig)) && sig != LX_SIGKILL && sig != LX_SIGSTOP) {
        pending |= BIT(sig);
        return 0;
    }
    return arrive(sig);
}

/* Signals that were waiting and are now unblocked arrive. */
static void deliver_pending(void)
{
    while (pending & ~blocked) {
        int sig = __builtin_ctzll(pending & ~blocked) + 1;
        pending &= ~BIT(sig);
        arrive(sig);
    }
}

long sys_kill(int pid, int sig)
{
    /* -1 is every process but init and the caller: nobody, here. */
    if (pid != PROC_PID && pid != 0)
        return -ESRCH;
    return send_self(sig);
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0)
        return -EINVAL;
    if (tid != PROC_PID)
        return -ESRCH;
    return send_self(sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    if (tgid != PROC_PID || tid != PROC_PID)
        return -ESRCH;
    return send_self(sig);
}
