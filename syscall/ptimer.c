// SPDX-License-Identifier: MIT
/*
 * POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete, on CLOCK_REALTIME, MONOTONIC, BOOTTIME,
 * TAI and the process's and the calling thread's CPU time, notifying by a
 * signal to the process (SIGEV_SIGNAL), to a thread (SIGEV_THREAD_ID), or
 * not at all (SIGEV_NONE).  Ids go round before they are used again.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/ptimer.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "syscall/linux.h"

#define MAX_TIMERS PROC_MAX_TIMERS
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define NS 1000000000ULL

struct linux_sigevent {
    int64_t value;
    int32_t signo, notify;
    int32_t tid;
    int32_t pad[11];
};

struct linux_itimerspec {
    struct linux_timespec it_interval, it_value;
};

/* The calling process's timers, by id (the array comes with the first). */
#define timers (proc_current()->timers)
#define next_id (proc_current()->next_timer_id)

struct ptimer *ptimer_find(int id)
{
    return id >= 0 && id < MAX_TIMERS && timers ? timers[id] : NULL;
}

static int new_id(void)
{
    if (!timers && !(timers = kzalloc(MAX_TIMERS * sizeof(*timers))))
        return -1;
    for (int i = 0; i < MAX_TIMERS; i++) {
        int id = (next_id + i) % MAX_TIMERS;
        if (!timers[id]) {
            next_id = id + 1;
            return id;
        }
    }
    return -1;
}

long sys_timer_create(int clk, const struct linux_sigevent *uev, int *uid)
{
    struct linux_sigevent ev = {.signo = LX_SIGALRM,
                                .notify = SIGEV_SIGNAL};
    enum ptimer_clock pc = PT_WALL;
    switch (clk) {
    case LX_CLOCK_REALTIME:
    case LX_CLOCK_MONOTONIC:
    case LX_CLOCK_BOOTTIME:
    case 11: /* CLOCK_TAI */
        break;
    case LX_CLOCK_PROCESS_CPUTIME_ID:
        pc = PT_PROF;
        break;
    case LX_CLOCK_THREAD_CPUTIME_ID:
        pc = PT_THREAD;
        break;
    default:
        return -EINVAL;
    }
    if (uev && copy_from_user(&ev, uev, sizeof(ev)))
        return -EFAULT;
    if (ev.notify == SIGEV_THREAD_ID &&
        (ev.tid <= 0 || !task_find(ev.tid)))
        return -EINVAL;
    if (ev.notify != SIGEV_NONE &&
        (ev.signo < 1 || ev.signo > LX_NSIG ||
         (ev.notify != SIGEV_SIGNAL && ev.notify != SIGEV_THREAD_ID)))
        return -EINVAL;
    int id = new_id();
    if (id < 0)
        return -EAGAIN;
    struct ptimer *pt = kzalloc(sizeof(*pt));
    if (!pt)
        return -EAGAIN;
    pt->clock = pc;
    pt->realtime = clk == LX_CLOCK_REALTIME || clk == 11;
    pt->id = id;
    pt->owner = task_current()->tid;
    pt->proc = proc_current();
    pt->signo = ev.notify == SIGEV_NONE ? 0 : ev.signo;
    pt->tid = ev.notify == SIGEV_THREAD_ID ? ev.tid : 0;
    pt->value = uev ? ev.value : id;
    if (copy_to_user(uid, &id, sizeof(id))) {
        kfree(pt);
        return -EFAULT;
    }
    timers[id] = pt;
    return 0;
}

static int get_ts(const struct linux_timespec *ts, uint64_t *ns)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NS)
        return -EINVAL;
    *ns = (uint64_t)ts->tv_sec > UINT64_MAX / NS / 2
              ? UINT64_MAX / 2
              : (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
    return 0;
}

static struct linux_timespec to_ts(uint64_t ns)
{
    return (struct linux_timespec){(int64_t)(ns / NS), (int64_t)(ns % NS)};
}

static struct linux_itimerspec current(struct ptimer *pt)
{
    return (struct linux_itimerspec){to_ts(pt->interval),
                                     to_ts(ptimer_left(pt))};
}

long sys_timer_settime(int id, int flags,
                       const struct linux_itimerspec *unew,
                       struct linux_itimerspec *uold)
{
    struct ptimer *pt = ptimer_find(id);
    struct linux_itimerspec n, old;
    uint64_t value, interval;
    if (!pt)
        return -EINVAL;
    if (copy_from_user(&n, unew, sizeof(n)))
        return -EFAULT;
    if (get_ts(&n.it_value, &value) || get_ts(&n.it_interval, &interval))
        return -EINVAL;
    old = current(pt);
    if (uold && copy_to_user(uold, &old, sizeof(old)))
        return -EFAULT;
    uint64_t now = ptimer_now(pt), expiry = 0;
    if (value && (flags & LX_TIMER_ABSTIME)) {
        if (pt->clock == PT_WALL && pt->realtime) {
            uint64_t rt = time_realtime_ns();
            expiry = value > rt ? now + (value - rt) : now;
        } else {
            expiry = value ? value : 1;
        }
    } else if (value) {
        expiry = now + value;
    }
    ptimer_set(pt, expiry, interval);
    return 0;
}

long sys_timer_gettime(int id, struct linux_itimerspec *u)
{
    struct ptimer *pt = ptimer_find(id);
    if (!pt)
        return -EINVAL;
    struct linux_itimerspec v = current(pt);
    return copy_to_user(u, &v, sizeof(v));
}

long sys_timer_getoverrun(int id)
{
    struct ptimer *pt = ptimer_find(id);
    return pt ? pt->last_overrun : -EINVAL;
}

long sys_timer_delete(int id)
{
    struct ptimer *pt = ptimer_find(id);
    if (!pt)
        return -EINVAL;
    ptimer_set(pt, 0, 0);
    timers[id] = NULL;
    kfree(pt);
    return 0;
}

void ptimer_exec(void)
{
    for (int id = 0; timers && id < MAX_TIMERS; id++)
        if (timers[id])
            sys_timer_delete(id);
}

void ptimer_proc_init(struct process *p)
{
    static const struct ptimer itimers[3] = {
        {.clock = PT_WALL, .signo = LX_SIGALRM, .id = -1},
        {.clock = PT_VIRTUAL, .signo = 26 /* SIGVTALRM */, .id = -1},
        {.clock = PT_PROF, .signo = 27 /* SIGPROF */, .id = -1},
    };
    memcpy(p->itimers, itimers, sizeof(itimers));
    for (int i = 0; i < 3; i++)
        p->itimers[i].proc = p;
}

void ptimer_proc_exit(struct process *p)
{
    for (int i = 0; i < 3; i++)
        ptimer_set(&p->itimers[i], 0, 0);
    ptimer_exec();
}
