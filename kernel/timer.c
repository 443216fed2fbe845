// SPDX-License-Identifier: MIT
/*
 * One-shot timers: a list per CPU sorted by deadline, and that CPU's local
 * APIC timer armed for the first.  A timer fires on the CPU that started
 * it; any CPU may stop it (under the big lock).  Everything that waits
 * for a time (sleeps, timeouts, time slices, interval timers) uses these,
 * so an idle vCPU halts instead of spinning.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/timer.h"

static struct timer *lists[HAL_MAX_CPUS];

static void program(unsigned cpu)
{
    struct timer *first = lists[cpu];
    hal_timer_set(first ? time_ns_to_tsc(first->deadline) : 0);
}

void timer_stop(struct timer *t)
{
    if (!t->armed)
        return;
    for (struct timer **pp = &lists[t->cpu]; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->armed = 0;
    /* Another CPU's APIC may still fire for it: its list is checked. */
    if (t->cpu == (int)hal_cpu_id() && !lists[t->cpu])
        hal_timer_set(0);
}

void timer_start(struct timer *t, uint64_t deadline,
                 void (*fn)(struct timer *))
{
    unsigned cpu = hal_cpu_id();
    timer_stop(t);
    t->deadline = deadline;
    t->fn = fn;
    t->armed = 1;
    t->cpu = (int)cpu;
    struct timer **pp = &lists[cpu];
    while (*pp && (*pp)->deadline <= deadline)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    if (lists[cpu] == t)
        program(cpu);
}

static void timer_interrupt(void)
{
    unsigned cpu = hal_cpu_id();
    uint64_t now = time_monotonic_ns();
    while (lists[cpu] && lists[cpu]->deadline <= now) {
        struct timer *t = lists[cpu];
        lists[cpu] = t->next;
        t->armed = 0;
        if (t->fn)
            t->fn(t);
    }
    program(cpu);
}

void timer_init(void)
{
    hal_irq_handler(HAL_VEC_TIMER, timer_interrupt);
}
