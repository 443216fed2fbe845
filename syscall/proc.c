// SPDX-License-Identifier: MIT
/* Process and thread state of the one process (pid 1, tid 1, uid 0). */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/linux.h"

static uint64_t clear_child_tid, robust_list;
static char comm[16];
static int pdeathsig, no_new_privs;
static struct linux_rlimit limits[LX_RLIM_NLIMITS];

static void limits_init(void)
{
    static int done;
    if (done++)
        return;
    for (int i = 0; i < LX_RLIM_NLIMITS; i++)
        limits[i] = (struct linux_rlimit){LX_RLIM_INFINITY, LX_RLIM_INFINITY};
    limits[LX_RLIMIT_STACK].rlim_cur = MM_STACK_SIZE;
    limits[LX_RLIMIT_CORE].rlim_cur = 0;
    limits[LX_RLIMIT_NOFILE] = (struct linux_rlimit){1024, 4096};
    limits[LX_RLIMIT_NPROC] = (struct linux_rlimit){63704, 63704};
    limits[LX_RLIMIT_MEMLOCK] = (struct linux_rlimit){8 << 20, 8 << 20};
    limits[13] = (struct linux_rlimit){0, 0};       /* RLIMIT_NICE */
    limits[14] = (struct linux_rlimit){0, 0};       /* RLIMIT_RTPRIO */
    limits[11] = (struct linux_rlimit){63704, 63704}; /* SIGPENDING */
    limits[12] = (struct linux_rlimit){819200, 819200}; /* MSGQUEUE */
}

uint64_t proc_rlimit(unsigned res)
{
    limits_init();
    return res < LX_RLIM_NLIMITS ? limits[res].rlim_cur : LX_RLIM_INFINITY;
}

uint64_t proc_rlimit_max(unsigned res)
{
    limits_init();
    return res < LX_RLIM_NLIMITS ? limits[res].rlim_max : LX_RLIM_INFINITY;
}

void proc_set_comm(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = MIN(strlen(base), sizeof(comm) - 1);
    memcpy(comm, base, n);
    comm[n] = 0;
}

long sys_exit(int status)
{
    proc_exit(status & 0xff, UK_EXIT_NORMAL);
}

long sys_exit_group(int status)
{
    proc_exit(status & 0xff, UK_EXIT_NORMAL);
}

long sys_getpid(void)
{
    return PROC_PID;
}

long sys_gettid(void)
{
    return PROC_PID;
}

long sys_getppid(void)
{
    return 0;
}

long sys_set_tid_address(uint64_t tidptr)
{
    clear_child_tid = tidptr;
    return PROC_PID;
}

long sys_set_robust_list(uint64_t head, uint64_t len)
{
    if (len != 24)
        return -EINVAL;
    robust_list = head;
    return 0;
}

long sys_arch_prctl(int code, uint64_t addr)
{
    uint64_t v;
    switch (code) {
    case LX_ARCH_SET_FS:
    case LX_ARCH_SET_GS:
        if (addr >= MM_USER_TOP)
            return -EPERM;
        if (code == LX_ARCH_SET_FS)
            hal_set_fs_base(addr);
        else
            hal_set_gs_base(addr);
        return 0;
    case LX_ARCH_GET_FS:
    case LX_ARCH_GET_GS:
        v = code == LX_ARCH_GET_FS ? hal_get_fs_base() : hal_get_gs_base();
        return copy_to_user((void *)addr, &v, sizeof(v));
    case LX_ARCH_GET_CPUID:
        return 1;
    case LX_ARCH_SET_CPUID:
        return -ENODEV; /* no CPUID faulting here */
    default:
        return -EINVAL;
    }
}

static long do_prlimit(int pid, unsigned res, const struct linux_rlimit *nl,
                       struct linux_rlimit *ol)
{
    struct linux_rlimit n;
    limits_init();
    if (pid != 0 && pid != PROC_PID)
        return -ESRCH;
    if (res >= LX_RLIM_NLIMITS)
        return -EINVAL;
    if (nl) {
        if (copy_from_user(&n, nl, sizeof(n)))
            return -EFAULT;
        if (n.rlim_cur > n.rlim_max)
            return -EINVAL;
    }
    if (ol && copy_to_user(ol, &limits[res], sizeof(*ol)))
        return -EFAULT;
    if (nl && res == LX_RLIMIT_NOFILE) {
        int err = fd_set_limit(n.rlim_cur > 65536 ? 65536 : (unsigned)n.rlim_cur);
        if (err)
            return err;
    }
    if (nl)
        limits[res] = n;
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

long sys_uname(struct linux_utsname *u)
{
    static const struct linux_utsname me = {
        .sysname = "Linux",
        .nodename = "uk",
        .release = "6.1.0-uk",
        .version = "#1 SMP PREEMPT_DYNAMIC uk",
        .machine = "x86_64",
        .domainname = "(none)",
    };
    return copy_to_user(u, &me, sizeof(me));
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

/* PARTIAL: the name, the parent-death signal (kept; there is no parent
 * to die), no_new_privs and the timer slack; other options are EINVAL. */
long sys_prctl(int option, uint64_t a2)
{
    uint64_t slack = 50000; /* Linux's default, in ns */
    char name[16];
    long n;
    switch (option) {
    case LX_PR_SET_NAME:
        n = strncpy_from_user(name, (const char *)a2, sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        name[sizeof(name) - 1] = 0;
        memcpy(comm, name, sizeof(comm));
        return 0;
    case LX_PR_GET_NAME:
        return copy_to_user((void *)a2, comm, sizeof(comm));
    case 1: /* PR_SET_PDEATHSIG */
        if (a2 > LX_NSIG)
            return -EINVAL;
        pdeathsig = (int)a2;
        return 0;
    case 2: /* PR_GET_PDEATHSIG */
        return copy_to_user((void *)a2, &pdeathsig, sizeof(pdeathsig));
    case 38: /* PR_SET_NO_NEW_PRIVS */
        if (a2 != 1)
            return -EINVAL;
        no_new_privs = 1;
        return 0;
    case 39: /* PR_GET_NO_NEW_PRIVS */
        return no_new_privs;
    case 30: /* PR_GET_TIMERSLACK */
        return (long)slack;
    default:
        return -EINVAL;
    }
}
