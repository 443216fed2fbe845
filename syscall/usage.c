// SPDX-License-Identifier: MIT
/* Resource usage and priority: getrusage, times, getpriority,
 * setpriority. */
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define USER_HZ 100

struct linux_rusage {
    struct linux_timeval ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt,
        ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals,
        ru_nvcsw, ru_nivcsw;
};

struct linux_tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

#define nice_value (proc_current()->nice) /* -20 .. 19 */

int proc_nice(void)
{
    return nice_value;
}

static struct linux_timeval to_tv(uint64_t ns)
{
    return (struct linux_timeval){(int64_t)(ns / 1000000000),
                                  (int64_t)(ns % 1000000000 / 1000)};
}

/* RUSAGE_CHILDREN: the CPU time of the children reaped so far. */
long sys_getrusage(int who, struct linux_rusage *u)
{
    struct linux_rusage r = {0};
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
        return -EINVAL;
    if (who != RUSAGE_CHILDREN) {
        uint64_t user, sys, vol, invol;
        int thread = who == RUSAGE_THREAD;
        cputime_get(thread, &user, &sys);
        cputime_switches(thread, &vol, &invol);
        r.ru_utime = to_tv(user);
        r.ru_stime = to_tv(sys);
        r.ru_maxrss = (int64_t)(mm_rss_peak() * (PAGE_SIZE / 1024));
        r.ru_minflt = (int64_t)cputime_faults(thread);
        r.ru_nvcsw = (int64_t)vol;
        r.ru_nivcsw = (int64_t)invol;
    } else {
        uint64_t user, sys;
        cputime_children(&user, &sys);
        r.ru_utime = to_tv(user);
        r.ru_stime = to_tv(sys);
    }
    return copy_to_user(u, &r, sizeof(r));
}

long sys_times(struct linux_tms *u)
{
    uint64_t user, sys, cuser, csys;
    cputime_get(0, &user, &sys);
    cputime_children(&cuser, &csys);
    struct linux_tms t = {(int64_t)(user / (1000000000 / USER_HZ)),
                          (int64_t)(sys / (1000000000 / USER_HZ)),
                          (int64_t)(cuser / (1000000000 / USER_HZ)),
                          (int64_t)(csys / (1000000000 / USER_HZ))};
    if (u && copy_to_user(u, &t, sizeof(t)))
        return -EFAULT;
    /* Ticks since an arbitrary point: boot. */
    return (long)(time_monotonic_ns() / (1000000000 / USER_HZ));
}

/* The one process is the only member of its group and of its user. */
static int check_who(int which, int who)
{
    if (which == PRIO_PROCESS || which == PRIO_PGRP)
        return who == 0 || who == proc_current()->pid ? 0 : -ESRCH;
    if (which == PRIO_USER)
        return who == 0 || who == 0 /* root */ ? 0 : -ESRCH;
    return -EINVAL;
}

/* The raw syscall returns 20 - nice, so that it is never negative. */
long sys_getpriority(int which, int who)
{
    int err = check_who(which, who);
    return err ? err : 20 - nice_value;
}

/* The value is kept and reported; with one runnable thread it changes
 * nothing else. */
long sys_setpriority(int which, int who, int prio)
{
    int err = check_who(which, who);
    if (err)
        return err;
    nice_value = prio < -20 ? -20 : prio > 19 ? 19 : prio;
    return 0;
}
