// SPDX-License-Identifier: MIT
/*
 * Interval timers: alarm, setitimer, getitimer.  PARTIAL: ITIMER_REAL
 * (SIGALRM on the monotonic clock) only; ITIMER_VIRTUAL and ITIMER_PROF,
 * which count CPU time, are EINVAL.
 */
#include "kernel/kernel.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "syscall/linux.h"

#define ITIMER_REAL 0
#define US 1000ULL
#define NS 1000000000ULL

struct linux_itimerval {
    struct linux_timeval it_interval, it_value;
};

static struct timer real;
static uint64_t real_interval; /* ns; 0: one-shot */

static void real_fired(struct timer *t)
{
    if (real_interval)
        timer_start(t, t->deadline + real_interval, real_fired);
    signal_send(LX_SIGALRM);
}

static uint64_t tv_ns(const struct linux_timeval *tv)
{
    return (uint64_t)tv->tv_sec * NS + (uint64_t)tv->tv_usec * US;
}

static struct linux_timeval ns_tv(uint64_t ns)
{
    return (struct linux_timeval){(int64_t)(ns / NS),
                                  (int64_t)(ns % NS / US)};
}

static struct linux_itimerval current(void)
{
    uint64_t now = time_monotonic_ns(), left = 0;
    if (real.armed)
        left = real.deadline > now ? real.deadline - now : 1000;
    return (struct linux_itimerval){ns_tv(real_interval), ns_tv(left)};
}

static int valid(const struct linux_timeval *tv)
{
    return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000 &&
           tv->tv_sec < (int64_t)(INT64_MAX / NS);
}

long sys_getitimer(int which, struct linux_itimerval *u)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct linux_itimerval v = current();
    return copy_to_user(u, &v, sizeof(v));
}

static void set_real(const struct linux_itimerval *v)
{
    timer_stop(&real);
    real_interval = tv_ns(&v->it_interval);
    uint64_t value = tv_ns(&v->it_value);
    if (value)
        timer_start(&real, time_monotonic_ns() + value, real_fired);
}

long sys_setitimer(int which, const struct linux_itimerval *unew,
                   struct linux_itimerval *uold)
{
    struct linux_itimerval v = {0}, old;
    if (which != ITIMER_REAL)
        return -EINVAL;
    if (unew && copy_from_user(&v, unew, sizeof(v)))
        return -EFAULT;
    if (!valid(&v.it_value) || !valid(&v.it_interval))
        return -EINVAL;
    old = current();
    if (uold && copy_to_user(uold, &old, sizeof(old)))
        return -EFAULT;
    set_real(&v);
    return 0;
}

/* The seconds left of the previous alarm, rounded as Linux does. */
long sys_alarm(unsigned secs)
{
    struct linux_itimerval old = current();
    struct linux_itimerval v = {{0, 0}, {(int64_t)secs, 0}};
    set_real(&v);
    long left = (long)old.it_value.tv_sec;
    if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
        left++;
    return left;
}
