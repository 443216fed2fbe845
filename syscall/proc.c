// SPDX-License-Identifier: MIT
/* Process and thread state of the one process (kernel/proc.h: pid 100,
 * tid 100, uid 0). */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/caps.h"
#include "syscall/linux.h"

/* The calling process (kernel/task.h). */
#define P (proc_current())
#define DEFAULT_SLACK_NS 50000 /* Linux's timer slack */
static uint64_t slack_ns = DEFAULT_SLACK_NS;

void proc_limits_init(struct process *p)
{
    struct linux_rlimit *l = p->limits;
    p->start_ns = UINT64_MAX;
    for (int i = 0; i < LX_RLIM_NLIMITS; i++)
        l[i] = (struct linux_rlimit){LX_RLIM_INFINITY, LX_RLIM_INFINITY};
    l[LX_RLIMIT_STACK].rlim_cur = MM_STACK_SIZE;
    l[LX_RLIMIT_CORE].rlim_cur = 0;
    l[LX_RLIMIT_NOFILE] = (struct linux_rlimit){1024, 4096};
    l[LX_RLIMIT_NPROC] = (struct linux_rlimit){63704, 63704};
    l[LX_RLIMIT_MEMLOCK] = (struct linux_rlimit){8 << 20, 8 << 20};
    l[13] = (struct linux_rlimit){0, 0};       /* RLIMIT_NICE */
    l[14] = (struct linux_rlimit){0, 0};       /* RLIMIT_RTPRIO */
    l[11] = (struct linux_rlimit){63704, 63704}; /* SIGPENDING */
    l[12] = (struct linux_rlimit){819200, 819200}; /* MSGQUEUE */
}

uint64_t proc_rlimit(unsigned res)
{
    return res < LX_RLIM_NLIMITS ? P->limits[res].rlim_cur : LX_RLIM_INFINITY;
}

uint64_t proc_rlimit_max(unsigned res)
{
    return res < LX_RLIM_NLIMITS ? P->limits[res].rlim_max : LX_RLIM_INFINITY;
}

void proc_set_stack(uint64_t arg_start, uint64_t arg_end, uint64_t env_start,
                    uint64_t env_end, uint64_t start_stack)
{
    uint64_t v[5] = {arg_start, arg_end, env_start, env_end, start_stack};
    memcpy(P->stack_layout, v, sizeof(v));
    if (P->start_ns == UINT64_MAX) /* the process started; exec keeps it */
        P->start_ns = time_monotonic_ns();
}

int proc_info(int pid, struct proc_info *pi)
{
    struct process *p = pid ? proc_find(pid) : proc_current();
    if (!p)
        return -ESRCH;
    /* Thread figures are the caller's in its own process, else those of
     * the process's first thread (none for a zombie). */
    struct task *t = p == proc_current() ? task_current() : p->threads;
    const struct mm_space *mm = p->mm;
    const struct fs_proc *fs = p->fs;
    *pi = (struct proc_info){
        .pid = p->pid, .ppid = p->ppid, .pgid = p->pgid, .sid = p->sid,
        .zombie = p->zombie,
        .state = p->zombie                          ? 'Z'
                 : p->stopped                       ? 'T'
                 : t && t->state == TASK_SLEEPING ? 'S'
                                                    : 'R',
        .comm = p->comm,
        .uid = {p->uid.r, p->uid.e, p->uid.s, p->uid.fs},
        .gid = {p->gid.r, p->gid.e, p->gid.s, p->gid.fs},
        .nthreads = p->nthreads,
        .cpu = t ? t->cpu : 0,
        .nice = p->nice,
        .policy = t ? t->policy : 0,
        .rt_prio = t ? t->rt_prio : 0,
        .umask = fs ? fs->umask : 0,
        .fd_limit = fs ? fs->fds.limit : 0,
        .start_ns = p->start_ns == UINT64_MAX ? 0 : p->start_ns,
        .vsize = mm ? mm->total_bytes : 0,
        .rss_pages = mm ? mm->rss : 0,
        .rss_peak_pages = mm ? mm->rss_peak : 0,
        .pending = t ? t->pending.set : 0,
        .shared_pending = p->pending.set,
        .blocked = t ? t->blocked : 0,
        .arg_start = p->stack_layout[0], .arg_end = p->stack_layout[1],
        .env_start = p->stack_layout[2], .env_end = p->stack_layout[3],
        .start_stack = p->stack_layout[4],
    };
    cputime_proc(p, &pi->utime_ns, &pi->stime_ns);
    cputime_proc_counts(p, &pi->minflt, &pi->nvcsw, &pi->nivcsw);
    for (int sig = 1; sig <= LX_NSIG; sig++) {
        uint64_t h = p->actions[sig].handler;
        if (h == LX_SIG_IGN)
            pi->ignored |= SIG_BIT(sig);
        else if (h != LX_SIG_DFL)
            pi->caught |= SIG_BIT(sig);
    }
    return 0;
}

void proc_set_comm(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = MIN(strlen(base), sizeof(P->comm) - 1);
    memcpy(P->comm, base, n);
    P->comm[n] = 0;
}

static long do_prlimit(int pid, unsigned res, const struct linux_rlimit *nl,
                       struct linux_rlimit *ol)
{
    struct linux_rlimit n;
    if (pid != 0 && pid != proc_current()->pid)
        return -ESRCH;
    if (res >= LX_RLIM_NLIMITS)
        return -EINVAL;
    if (nl) {
        if (copy_from_user(&n, nl, sizeof(n)))
            return -EFAULT;
        if (n.rlim_cur > n.rlim_max)
            return -EINVAL;
    }
    if (ol && copy_to_user(ol, &P->limits[res], sizeof(*ol)))
        return -EFAULT;
    if (nl && res == LX_RLIMIT_NOFILE) {
        int err = fd_set_limit(n.rlim_cur > 65536 ? 65536 : (unsigned)n.rlim_cur);
        if (err)
            return err;
    }
    if (nl)
        P->limits[res] = n;
    return 0;
}

long sys_prlimit64(int pid, unsigned res, const struct linux_rlimit *nl,
                   struct linux_rlimit *ol)
{
    return do_prlimit(pid, res, nl, ol);
}

long sys_getrlimit(unsigned res, struct linux_rlimit *ol)
{
    return do_prlimit(0, res, NULL, ol);
}

long sys_setrlimit(unsigned res, const struct linux_rlimit *nl)
{
    return do_prlimit(0, res, nl, NULL);
}

long sys_sysinfo(struct linux_sysinfo *u)
{
    struct linux_sysinfo si = {0};
    struct mm_stats st;
    mm_get_stats(&st);
    si.uptime = (int64_t)(time_monotonic_ns() / 1000000000ULL);
    si.totalram = st.total_bytes;
    si.freeram = st.free_bytes;
    si.procs = 1;
    si.mem_unit = 1;
    return copy_to_user(u, &si, sizeof(si));
}

/* PARTIAL: the options libcs and runtimes use (name, parent-death
 * signal, dumpable, keepcaps, no_new_privs, timer slack, child subreaper,
 * THP, the capability bounding set, seccomp mode, tid address); others
 * are EINVAL, as from a kernel built without them. */
long sys_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4,
               uint64_t a5)
{
    char name[16];
    long n;
    switch (option) {
    case LX_PR_SET_NAME:
        n = strncpy_from_user(name, (const char *)a2, sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        name[sizeof(name) - 1] = 0;
        memcpy(P->comm, name, sizeof(P->comm));
        return 0;
    case LX_PR_GET_NAME:
        return copy_to_user((void *)a2, P->comm, sizeof(P->comm));
    case 1: /* PR_SET_PDEATHSIG */
        if (a2 > LX_NSIG)
            return -EINVAL;
        P->pdeathsig = (int)a2;
        return 0;
    case 2: /* PR_GET_PDEATHSIG */
        return copy_to_user((void *)a2, &P->pdeathsig, sizeof(P->pdeathsig));
    case 3: /* PR_GET_DUMPABLE */
        return P->dumpable;
    case 4: /* PR_SET_DUMPABLE */
        if (a2 > 1)
            return -EINVAL;
        P->dumpable = (int)a2;
        return 0;
    case 7:  /* PR_GET_KEEPCAPS */
    case 8:  /* PR_SET_KEEPCAPS */
    case 23: /* PR_CAPBSET_READ */
        return caps_prctl(option, a2);
    case 21: /* PR_GET_SECCOMP: no filter can be installed here */
        return 0;
    case 29: /* PR_SET_TIMERSLACK: 0 restores the default */
        slack_ns = a2 ? a2 : DEFAULT_SLACK_NS;
        return 0;
    case 30: /* PR_GET_TIMERSLACK */
        return (long)slack_ns;
    case 36: /* PR_SET_CHILD_SUBREAPER */
        P->subreaper = a2 != 0;
        return 0;
    case 37: /* PR_GET_CHILD_SUBREAPER */
        return copy_to_user((void *)a2, &P->subreaper, sizeof(P->subreaper));
    case 38: /* PR_SET_NO_NEW_PRIVS */
        if (a2 != 1 || a3 || a4 || a5)
            return -EINVAL;
        P->no_new_privs = 1;
        return 0;
    case 39: /* PR_GET_NO_NEW_PRIVS */
        if (a2 || a3 || a4 || a5)
            return -EINVAL;
        return P->no_new_privs;
    case 40: /* PR_GET_TID_ADDRESS */
        return copy_to_user((void *)a2, &task_current()->clear_child_tid,
                            sizeof(uint64_t));
    case 41: /* PR_SET_THP_DISABLE */
        if (a3 || a4 || a5)
            return -EINVAL;
        P->thp_disable = a2 != 0;
        return 0;
    case 42: /* PR_GET_THP_DISABLE */
        if (a2 || a3 || a4 || a5)
            return -EINVAL;
        return P->thp_disable;
    default:
        return -EINVAL;
    }
}

/* The execution domain: only Linux's, with its flags kept and reported.
 * ADDR_NO_RANDOMIZE holds anyway: nothing here is randomized. */
long sys_personality(uint64_t persona)
{
    static uint32_t current;
    uint32_t old = current;
    if ((uint32_t)persona != 0xffffffff)
        current = (uint32_t)persona;
    return old;
}
