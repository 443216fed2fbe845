// SPDX-License-Identifier: MIT
/*
 * Threads and processes: clone and clone3 (threads, and new processes:
 * fork, vfork, posix_spawn's CLONE_VM|CLONE_VFORK), exit and exit_group,
 * tids, clear-child-tid and robust lists, TLS bases, and futex.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/futex.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_PIDFD 0x1000
#define CLONE_PTRACE 0x2000
#define CLONE_PARENT 0x8000
#define CLONE_VFORK 0x4000
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define CLONE_DETACHED 0x400000
#define CLONE_UNTRACED 0x800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_IO 0x80000000ULL
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |        \
                      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |         \
                      CLONE_DETACHED | CLONE_UNTRACED | CLONE_PTRACE |     \
                      CLONE_CHILD_SETTID | CLONE_IO | 0xff)

#define CLONE_NEWNS 0x20000
#define CLONE_NEWUSER 0x10000000

/* What a new process may ask for: its address space shared (vfork,
 * posix_spawn) or copied, its caller's parent as its own, and the thread
 * settings of its first thread. */
#define PROCESS_FLAGS (CLONE_VM | CLONE_VFORK | CLONE_PARENT | CLONE_SETTLS | \
                       CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |        \
                       CLONE_CHILD_SETTID | CLONE_DETACHED |               \
                       CLONE_UNTRACED | CLONE_PTRACE | CLONE_SYSVSEM |     \
                       CLONE_IO | 0xff)

/* The child's first thread starts as a copy of the caller. */
static void copy_thread(struct task *t, const struct task *me, uint64_t flags,
                        uint64_t stack, uint64_t tls)
{
    memcpy(t->regs, me->regs, hal_regs_size());
    hal_regs_set_retval(t->regs, 0);
    if (stack)
        hal_regs_set_sp(t->regs, stack);
    t->fs_base = flags & CLONE_SETTLS ? tls : me->fs_base;
    t->gs_base = me->gs_base;
    t->blocked = me->blocked;
    t->affinity = me->affinity;
    t->policy = me->policy;
    t->rt_prio = me->rt_prio;
}

/* fork, vfork, and clone without CLONE_THREAD. */
static long new_process(uint64_t flags, uint64_t stack, int *ptid, int *ctid,
                        uint64_t tls)
{
    if (flags & ~(uint64_t)PROCESS_FLAGS) {
        static int said;
        if (!said++)
            klog("clone of a process with flags %#lx is not supported: "
                 "returning ENOSYS", flags);
        return -ENOSYS;
    }
    struct process *me = proc_current();
    /* The first process's parent is ./run: as for a container's init,
     * it may have no sibling (Linux: SIGNAL_UNKILLABLE). */
    if ((flags & CLONE_PARENT) && !me->parent)
        return -EINVAL;
    if (me->uid.r != 0 &&
        proc_count_user(me->uid.r) >= (int)MIN(proc_rlimit(LX_RLIMIT_NPROC),
                                               (uint64_t)INT32_MAX))
        return -EAGAIN;
    struct mm_space *mm = me->mm;
    if (flags & CLONE_VM)
        mm->users++;
    else if (!(mm = mm_fork()))
        return -ENOMEM;
    struct process *p =
        flags & CLONE_PARENT
            ? proc_fork(mm, me->parent, me->exit_signal) /* Linux's */
            : proc_fork(mm, me, (int)(flags & 0xff));
    if (!p) {
        mm_put(mm);
        return -ENOMEM;
    }
    struct task *t = task_new(p, 1);
    if (!t) {
        proc_unfork(p);
        return -EAGAIN;
    }
    copy_thread(t, task_current(), flags, stack, tls);
    if (!(flags & CLONE_VM)) { /* a copy of the caller: its signal stack
                                * and rseq area are at the same places */
        t->altstack = task_current()->altstack;
        t->rseq = task_current()->rseq;
        t->rseq_sig = task_current()->rseq_sig;
    }
    int pid = p->pid;
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = (uint64_t)ctid;
    /* CHILD_SETTID writes in the child's memory, PARENT_SETTID in the
     * caller's; a bad address fails the call, as on Linux. */
    int bad = 0;
    if (flags & CLONE_CHILD_SETTID) {
        mm_switch(p->mm);
        bad = copy_to_user(ctid, &pid, sizeof(pid)) != 0;
        mm_switch(me->mm);
    }
    if (!bad && (flags & CLONE_PARENT_SETTID))
        bad = copy_to_user(ptid, &pid, sizeof(pid)) != 0;
    if (bad) {
        t->state = TASK_DEAD;
        task_unlink(t);
        task_free(t);
        proc_unfork(p);
        return -EFAULT;
    }
    struct vfork_done done = {0};
    if (flags & CLONE_VFORK)
        p->vfork = &done;
    sched_add(t);
    while ((flags & CLONE_VFORK) && !done.done)
        wait_sleep(&done.wq, WAIT_FOREVER, 0);
    return pid;
}

static long new_thread(uint64_t flags, uint64_t stack, int *ptid, int *ctid,
                       uint64_t tls)
{
    /* Linux's checks of the combination, in its order. */
    if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
        (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
        return -EINVAL;
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & CLONE_SETTLS) && tls >= MM_USER_TOP)
        return -EPERM;
    if (!(flags & CLONE_THREAD))
        return new_process(flags, stack, ptid, ctid, tls);
    if (flags & ~THREAD_FLAGS) {
        static int said;
        if (!said++)
            klog("clone of a thread with flags %#lx is not supported: "
                 "returning ENOSYS", flags);
        return -ENOSYS;
    }
    struct task *me = task_current(), *t = task_new(me->proc, 1);
    if (!t)
        return -EAGAIN;
    copy_thread(t, me, flags, stack, tls);
    if (flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = (uint64_t)ctid;
    if (((flags & CLONE_PARENT_SETTID) &&
         copy_to_user(ptid, &t->tid, sizeof(int))) ||
        ((flags & CLONE_CHILD_SETTID) &&
         copy_to_user(ctid, &t->tid, sizeof(int)))) {
        t->state = TASK_DEAD;
        task_unlink(t);
        task_free(t);
        return -EFAULT;
    }
    int tid = t->tid;
    sched_add(t);
    return tid;
}

long sys_fork(void)
{
    return new_process(LX_SIGCHLD, 0, NULL, NULL, 0);
}

long sys_vfork(void)
{
    return new_process(CLONE_VM | CLONE_VFORK | LX_SIGCHLD, 0, NULL, NULL, 0);
}

long sys_clone(uint64_t flags, uint64_t stack, int *ptid, int *ctid,
               uint64_t tls)
{
    return new_thread(flags, stack, ptid, ctid, tls);
}

struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
        stack_size, tls, set_tid, set_tid_size, cgroup;
};

long sys_clone3(const struct clone_args *uargs, uint64_t size)
{
    struct clone_args a = {0};
    uint8_t extra;
    if (size < 64 || size > PAGE_SIZE)
        return -EINVAL;
    if (copy_from_user(&a, uargs, MIN(size, sizeof(a))))
        return -EFAULT;
    for (uint64_t i = sizeof(a); i < size; i++) {
        if (copy_from_user(&extra, (const uint8_t *)uargs + i, 1))
            return -EFAULT;
        if (extra)
            return -E2BIG;
    }
    if ((a.flags & CLONE_PIDFD) || a.set_tid || a.set_tid_size ||
        (a.exit_signal & ~0xffULL) ||
        ((a.flags & CLONE_THREAD) && a.exit_signal) ||
        (a.stack && !a.stack_size) || (!a.stack && a.stack_size))
        return -EINVAL;
    return new_thread(a.flags | a.exit_signal, a.stack + a.stack_size,
                      (int *)a.parent_tid, (int *)a.child_tid, a.tls);
}

long sys_exit(int status)
{
    task_exit(status);
}

long sys_exit_group(int status)
{
    proc_exit_group(status);
}

long sys_gettid(void)
{
    return task_current()->tid;
}

long sys_getpid(void)
{
    return proc_current()->pid;
}

long sys_set_tid_address(uint64_t tidptr)
{
    struct task *t = task_current();
    t->clear_child_tid = tidptr;
    return t->tid;
}

long sys_set_robust_list(uint64_t head, uint64_t len)
{
    if (len != 24) /* sizeof(struct robust_list_head) */
        return -EINVAL;
    task_current()->robust_list = head;
    return 0;
}

long sys_get_robust_list(int tid, uint64_t *head, uint64_t *len)
{
    uint64_t n = 24;
    struct task *t = tid ? task_find(tid) : task_current();
    if (!t)
        return -ESRCH;
    if (copy_to_user(head, &t->robust_list, sizeof(uint64_t)) ||
        copy_to_user(len, &n, sizeof(n)))
        return -EFAULT;
    return 0;
}

long sys_arch_prctl(int code, uint64_t addr)
{
    struct task *t = task_current();
    switch (code) {
    case LX_ARCH_SET_FS:
    case LX_ARCH_SET_GS:
        if (addr >= MM_USER_TOP)
            return -EPERM;
        if (code == LX_ARCH_SET_FS)
            hal_set_fs_base(t->fs_base = addr);
        else
            hal_set_user_gs_base(t->gs_base = addr);
        sched_bases_changed();
        return 0;
    case LX_ARCH_GET_FS:
        return copy_to_user((void *)addr, &t->fs_base, sizeof(uint64_t));
    case LX_ARCH_GET_GS:
        return copy_to_user((void *)addr, &t->gs_base, sizeof(uint64_t));
    case LX_ARCH_GET_CPUID:
        return 1;
    case LX_ARCH_SET_CPUID:
        return -ENODEV; /* no CPUID faulting here */
    default:
        return -EINVAL;
    }
}

static long get_deadline(const struct linux_timespec *u, int absolute,
                         int realtime, uint64_t *deadline)
{
    struct linux_timespec ts;
    *deadline = WAIT_FOREVER;
    if (!u)
        return 0;
    if (copy_from_user(&ts, u, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    uint64_t ns = (uint64_t)ts.tv_sec > UINT64_MAX / 1000000000 - 1
                      ? UINT64_MAX / 2
                      : (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
    uint64_t now = time_monotonic_ns();
    if (!absolute)
        *deadline = ns > UINT64_MAX / 2 ? WAIT_FOREVER : now + ns;
    else if (realtime) {
        uint64_t rt = time_realtime_ns();
        *deadline = ns > rt ? now + (ns - rt) : now;
    } else {
        *deadline = ns;
    }
    return 0;
}

#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_LOCK_PI2 13

/* PARTIAL: every operation but the requeue-to-PI pair
 * (WAIT_REQUEUE_PI, CMP_REQUEUE_PI), which returns ENOSYS. */
long sys_futex(uint32_t *uaddr, int op, uint32_t val,
               const struct linux_timespec *timeout, uint32_t *uaddr2,
               uint32_t val3)
{
    int cmd = op & ~(LX_FUTEX_PRIVATE_FLAG | LX_FUTEX_CLOCK_REALTIME);
    int realtime = (op & LX_FUTEX_CLOCK_REALTIME) != 0;
    uint64_t deadline;
    long err;

    if (realtime && cmd != LX_FUTEX_WAIT && cmd != LX_FUTEX_WAIT_BITSET &&
        cmd != FUTEX_LOCK_PI2)
        return -ENOSYS;
    if ((uint64_t)uaddr & 3)
        return -EINVAL;
    switch (cmd) {
    case LX_FUTEX_WAIT:
    case LX_FUTEX_WAIT_BITSET:
        if (cmd == LX_FUTEX_WAIT_BITSET && !val3)
            return -EINVAL;
        if ((err = get_deadline(timeout, cmd == LX_FUTEX_WAIT_BITSET,
                                realtime, &deadline)))
            return err;
        err = futex_wait(uaddr, val, deadline,
                         cmd == LX_FUTEX_WAIT ? FUTEX_BITSET_ANY : val3,
                         !(op & LX_FUTEX_PRIVATE_FLAG));
        return err == -ERESTARTSYS && timeout ? -EINTR : err;
    case LX_FUTEX_WAKE:
    case LX_FUTEX_WAKE_BITSET:
        if (cmd == LX_FUTEX_WAKE_BITSET && !val3)
            return -EINVAL;
        return futex_wake(uaddr, (int)MIN(val, (uint32_t)INT32_MAX),
                          cmd == LX_FUTEX_WAKE ? FUTEX_BITSET_ANY : val3,
                          !(op & LX_FUTEX_PRIVATE_FLAG));
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
        if ((uint64_t)uaddr2 & 3)
            return -EINVAL;
        return futex_requeue(uaddr, (int)val, (int)(uint64_t)timeout, uaddr2,
                             cmd == FUTEX_CMP_REQUEUE, val3,
                             !(op & LX_FUTEX_PRIVATE_FLAG));
    case FUTEX_WAKE_OP:
        if ((uint64_t)uaddr2 & 3)
            return -EINVAL;
        return futex_wake_op(uaddr, (int)val, (int)(uint64_t)timeout,
                             uaddr2, val3);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_TRYLOCK_PI:
        /* LOCK_PI's timeout is absolute on CLOCK_REALTIME. */
        if ((err = get_deadline(cmd == FUTEX_TRYLOCK_PI ? NULL : timeout, 1,
                                cmd == FUTEX_LOCK_PI || realtime, &deadline)))
            return err;
        return futex_lock_pi(uaddr, deadline, cmd == FUTEX_TRYLOCK_PI);
    case FUTEX_UNLOCK_PI:
        return futex_unlock_pi(uaddr);
    default:
        return -ENOSYS;
    }
}

long sys_getppid(void)
{
    return proc_current()->ppid;
}
