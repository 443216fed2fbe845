// SPDX-License-Identifier: MIT
/*
 * Timers that send signals.  A wall-clock timer is a one-shot kernel timer
 * at its expiry.  A CPU-time timer cannot be known in advance, so it looks
 * at its clock now and then: when the time left could have run out if
 * every CPU had spent it, and again until it has.  A timer whose signal is
 * still pending when it fires again counts an overrun instead, as Linux's.
 */
#include "hal/hal.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/ptimer.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"

#define MIN_LOOK_NS 1000000ULL /* CPU clocks: at most a look per ms */

uint64_t ptimer_now(const struct ptimer *pt)
{
    uint64_t user, sys;
    switch (pt->clock) {
    case PT_WALL:
        return time_monotonic_ns();
    case PT_THREAD: {
        /* A thread that has ended uses no more: its timer never fires. */
        struct task *t = task_find(pt->owner);
        return t ? time_tsc_to_ns(t->utime + t->stime) : 0;
    }
    case PT_VIRTUAL:
        cputime_proc(pt->proc, &user, &sys);
        return user;
    default:
        cputime_proc(pt->proc, &user, &sys);
        return user + sys;
    }
}

static void send(struct ptimer *pt)
{
    if (!pt->signo)
        return; /* SIGEV_NONE */
    if (pt->queued) {
        pt->overrun++;
        return;
    }
    struct ksiginfo info = {.signo = pt->signo,
                            .code = pt->id >= 0 ? SI_TIMER : SI_KERNEL};
    info.u.timer.tid = pt->id;
    info.u.timer.value = pt->value;
    info.u.timer.sys_private = pt->gen;
    struct task *t = pt->tid ? task_find(pt->tid) : NULL;
    int err = t && t->proc == pt->proc
                  ? signal_tkill(t, pt->signo, &info)
                  : signal_proc(pt->proc, pt->signo, &info);
    pt->queued = !err && pt->id >= 0;
}

static void look(struct timer *tm);

/* Arm the kernel timer for the next expiry or look. */
static void schedule_next(struct ptimer *pt)
{
    uint64_t now = ptimer_now(pt);
    if (pt->clock == PT_WALL) {
        timer_start(&pt->t, pt->expiry, look);
        return;
    }
    uint64_t left = pt->expiry > now ? pt->expiry - now : 0;
    left /= sched_ncpus();
    timer_start(&pt->t, time_monotonic_ns() + MAX(left, MIN_LOOK_NS), look);
}

static void look(struct timer *tm)
{
    struct ptimer *pt =
        (struct ptimer *)((char *)tm - offsetof(struct ptimer, t));
    uint64_t now = ptimer_now(pt);
    if (now < pt->expiry) {
        schedule_next(pt);
        return;
    }
    send(pt);
    if (!pt->interval) {
        pt->armed = 0;
        return;
    }
    /* Expirations missed in between are overruns too. */
    uint64_t missed = (now - pt->expiry) / pt->interval;
    if (pt->queued || !pt->signo)
        pt->overrun += (int)MIN(missed, (uint64_t)INT32_MAX);
    pt->expiry += (missed + 1) * pt->interval;
    schedule_next(pt);
}

void ptimer_set(struct ptimer *pt, uint64_t expiry, uint64_t interval)
{
    timer_stop(&pt->t);
    pt->gen++;
    pt->queued = 0;
    pt->interval = interval;
    pt->expiry = expiry;
    pt->armed = expiry != 0;
    pt->overrun = 0;
    if (pt->armed)
        schedule_next(pt);
}

uint64_t ptimer_left(struct ptimer *pt)
{
    if (!pt->armed)
        return 0;
    uint64_t now = ptimer_now(pt);
    return pt->expiry > now ? pt->expiry - now : 1;
}

int ptimer_taken(struct ksiginfo *info)
{
    struct ptimer *pt = ptimer_find(info->u.timer.tid);
    if (!pt || info->u.timer.sys_private != pt->gen)
        return 0;
    pt->queued = 0;
    pt->last_overrun = pt->overrun;
    info->u.timer.overrun = pt->overrun;
    pt->overrun = 0;
    return 1;
}
