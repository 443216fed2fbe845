// SPDX-License-Identifier: MIT
/*
 * Interval timers: alarm, setitimer, getitimer.  ITIMER_REAL sends
 * SIGALRM on the monotonic clock, ITIMER_VIRTUAL SIGVTALRM on the process's
 * user time, ITIMER_PROF SIGPROF on its user and system time
 * (kernel/ptimer.c).
 */
#include "kernel/kernel.h"
#include "kernel/ptimer.h"
#include "kernel/task.h"
#include "syscall/linux.h"

#define US 1000ULL
#define NS 1000000000ULL

struct linux_itimerval {
    struct linux_timeval it_interval, it_value;
};

/* The calling process's three (ptimer_proc_init made them). */
#define timers (proc_current()->itimers)

static uint64_t tv_ns(const struct linux_timeval *tv)
{
    return (uint64_t)tv->tv_sec * NS + (uint64_t)tv->tv_usec * US;
}

static struct linux_timeval ns_tv(uint64_t ns)
{
    return (struct linux_timeval){(int64_t)(ns / NS),
                                  (int64_t)(ns % NS / US)};
}

static struct linux_itimerval current(struct ptimer *pt)
{
    /* Linux rounds a running timer's time left up to a microsecond. */
    uint64_t left = ptimer_left(pt);
    return (struct linux_itimerval){ns_tv(pt->interval),
                                    ns_tv(ALIGN_UP(left, US))};
}

static int valid(const struct linux_timeval *tv)
{
    return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000 &&
           tv->tv_sec < (int64_t)(INT64_MAX / NS);
}

long sys_getitimer(int which, struct linux_itimerval *u)
{
    if (which < 0 || which > 2)
        return -EINVAL;
    struct linux_itimerval v = current(&timers[which]);
    return copy_to_user(u, &v, sizeof(v));
}

static void set(struct ptimer *pt, const struct linux_itimerval *v)
{
    uint64_t value = tv_ns(&v->it_value);
    ptimer_set(pt, value ? ptimer_now(pt) + value : 0,
               tv_ns(&v->it_interval));
}

long sys_setitimer(int which, const struct linux_itimerval *unew,
                   struct linux_itimerval *uold)
{
    struct linux_itimerval v = {0}, old;
    if (which < 0 || which > 2)
        return -EINVAL;
    if (unew && copy_from_user(&v, unew, sizeof(v)))
        return -EFAULT;
    if (!valid(&v.it_value) || !valid(&v.it_interval))
        return -EINVAL;
    old = current(&timers[which]);
    if (uold && copy_to_user(uold, &old, sizeof(old)))
        return -EFAULT;
    set(&timers[which], &v);
    return 0;
}

/* The seconds left of the previous alarm, rounded as Linux does. */
long sys_alarm(unsigned secs)
{
    struct linux_itimerval old = current(&timers[0]);
    struct linux_itimerval v = {{0, 0}, {(int64_t)secs, 0}};
    set(&timers[0], &v);
    long left = (long)old.it_value.tv_sec;
    if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
        left++;
    return left;
}
