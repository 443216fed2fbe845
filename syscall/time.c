// SPDX-License-Identifier: MIT
/* Clocks and sleeping. */
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/linux.h"

#define NS 1000000000ULL

static int clock_now(int clk, uint64_t *ns)
{
    switch (clk) {
    case LX_CLOCK_REALTIME:
    case LX_CLOCK_REALTIME_COARSE:
    case 11: /* CLOCK_TAI: no leap seconds known here */
        *ns = time_realtime_ns();
        return 0;
    case LX_CLOCK_MONOTONIC:
    case LX_CLOCK_MONOTONIC_RAW:
    case LX_CLOCK_MONOTONIC_COARSE:
    case LX_CLOCK_BOOTTIME:
        *ns = time_monotonic_ns();
        return 0;
    case LX_CLOCK_PROCESS_CPUTIME_ID:
    case LX_CLOCK_THREAD_CPUTIME_ID: {
        uint64_t user, sys;
        cputime_get(clk == LX_CLOCK_THREAD_CPUTIME_ID, &user, &sys);
        *ns = user + sys;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

static struct linux_timespec to_ts(uint64_t ns)
{
    return (struct linux_timespec){(int64_t)(ns / NS), (int64_t)(ns % NS)};
}

long sys_clock_gettime(int clk, struct linux_timespec *tp)
{
    uint64_t ns;
    int err = clock_now(clk, &ns);
    if (err)
        return err;
    struct linux_timespec ts = to_ts(ns);
    return copy_to_user(tp, &ts, sizeof(ts));
}

long sys_clock_getres(int clk, struct linux_timespec *tp)
{
    uint64_t ns;
    int err = clock_now(clk, &ns);
    if (err)
        return err;
    int coarse = clk == LX_CLOCK_REALTIME_COARSE ||
                 clk == LX_CLOCK_MONOTONIC_COARSE;
    struct linux_timespec ts = {0, coarse ? 4000000 : 1};
    return tp ? copy_to_user(tp, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(struct linux_timeval *tv, int32_t *tz)
{
    uint64_t ns = time_realtime_ns();
    struct linux_timeval t = {(int64_t)(ns / NS), (int64_t)(ns % NS / 1000)};
    int32_t zone[2] = {0, 0};
    if (tv && copy_to_user(tv, &t, sizeof(t)))
        return -EFAULT;
    if (tz && copy_to_user(tz, zone, sizeof(zone)))
        return -EFAULT;
    return 0;
}

long sys_time(int64_t *t)
{
    int64_t s = (int64_t)(time_realtime_ns() / NS);
    if (t && copy_to_user(t, &s, sizeof(s)))
        return -EFAULT;
    return s;
}

static long get_ts(const struct linux_timespec *u, uint64_t *ns)
{
    struct linux_timespec ts;
    if (copy_from_user(&ts, u, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NS)
        return -EINVAL;
    *ns = (uint64_t)ts.tv_sec > (~0ULL / NS - 1) ? ~0ULL
                                                 : ts.tv_sec * NS + ts.tv_nsec;
    return 0;
}

/* Sleep to a monotonic deadline.  A signal with a handler makes it fail
 * with EINTR and the time left in rem; a signal without one restarts it
 * (restart_syscall), to the same deadline. */
static long sleep_to(uint64_t deadline, struct linux_timespec *rem)
{
    if (!time_sleep_until(deadline))
        return 0;
    struct task *t = task_current();
    t->restart_deadline = deadline;
    t->restart_rem = rem;
    if (rem) {
        uint64_t now = time_monotonic_ns();
        struct linux_timespec left = to_ts(deadline > now ? deadline - now : 0);
        if (copy_to_user(rem, &left, sizeof(left)))
            return -EFAULT;
    }
    return -ERESTART_RESTARTBLOCK;
}

long sys_restart_syscall(void)
{
    struct task *t = task_current();
    return sleep_to(t->restart_deadline, t->restart_rem);
}

long sys_nanosleep(const struct linux_timespec *req, struct linux_timespec *rem)
{
    uint64_t ns;
    long err = get_ts(req, &ns);
    if (err)
        return err;
    uint64_t now = time_monotonic_ns();
    return sleep_to(ns > ~0ULL - now ? ~0ULL : now + ns, rem);
}

long sys_clock_nanosleep(int clk, int flags, const struct linux_timespec *req,
                         struct linux_timespec *rem)
{
    uint64_t ns, now;
    if (clk == LX_CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    long err = clock_now(clk, &now);
    if (err)
        return err;
    if ((err = get_ts(req, &ns)))
        return err;
    uint64_t mono = time_monotonic_ns();
    if (flags & LX_TIMER_ABSTIME) {
        ns = ns > now ? ns - now : 0;
        rem = NULL; /* an absolute sleep has no time left to report */
    }
    err = sleep_to(ns > ~0ULL - mono ? ~0ULL : mono + ns, rem);
    /* An absolute sleep restarts as itself. */
    return err == -ERESTART_RESTARTBLOCK && (flags & LX_TIMER_ABSTIME)
               ? -ERESTARTNOHAND
               : err;
}

/* The program runs as root, which may set the wall clock; the guest's
 * clock moves, the host's does not. */
long sys_clock_settime(int clk, const struct linux_timespec *tp)
{
    uint64_t ns;
    if (clk != LX_CLOCK_REALTIME)
        return -EINVAL; /* the other clocks cannot be set */
    long err = get_ts(tp, &ns);
    if (err)
        return err;
    time_set_realtime(ns);
    return 0;
}

long sys_settimeofday(const struct linux_timeval *tv, const int32_t *tz)
{
    struct linux_timeval t;
    int32_t zone[2];
    if (tz && copy_from_user(zone, tz, sizeof(zone)))
        return -EFAULT;
    if (!tv)
        return 0; /* the time zone alone is kept by nobody since 2.6 */
    if (copy_from_user(&t, tv, sizeof(t)))
        return -EFAULT;
    if (t.tv_sec < 0 || t.tv_usec < 0 || t.tv_usec >= 1000000)
        return -EINVAL;
    time_set_realtime((uint64_t)t.tv_sec * NS + (uint64_t)t.tv_usec * 1000);
    return 0;
}
