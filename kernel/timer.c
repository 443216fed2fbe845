// SPDX-License-Identifier: MIT
/*
 * One-shot timers: a list sorted by deadline, and the local APIC timer
 * armed for the first.  Everything that waits for a time (sleeps, poll
 * timeouts) uses these, so an idle vCPU halts instead of spinning.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/timer.h"

static struct timer *timers;

static void program(void)
{
    hal_timer_set(timers ? time_ns_to_tsc(timers->deadline) : 0);
}

void timer_stop(struct timer *t)
{
    if (!t->armed)
        return;
    for (struct timer **pp = &timers; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->armed = 0;
    if (!timers)
        hal_timer_set(0);
}

void timer_start(struct timer *t, uint64_t deadline,
                 void (*fn)(struct timer *))
{
    timer_stop(t);
    t->deadline = deadline;
    t->fn = fn;
    t->armed = 1;
    struct timer **pp = &timers;
    while (*pp && (*pp)->deadline <= deadline)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    if (timers == t)
        program();
}

static void timer_interrupt(void)
{
    uint64_t now = time_monotonic_ns();
    while (timers && timers->deadline <= now) {
        struct timer *t = timers;
        timers = t->next;
        t->armed = 0;
        if (t->fn)
            t->fn(t);
    }
    program();
}

void timer_init(void)
{
    hal_irq_handler(HAL_VEC_TIMER, timer_interrupt);
}
