/* SPDX-License-Identifier: MIT */
/* One-shot timers on the monotonic clock (kernel/timer.c), under the big
 * kernel lock. */
#ifndef UK_TIMER_H
#define UK_TIMER_H

#include <stdint.h>

struct timer {
    uint64_t deadline;          /* time_monotonic_ns() at which it fires */
    void (*fn)(struct timer *); /* called from the interrupt; may be NULL */
    struct timer *next;
    int armed;
    int cpu; /* whose list it is on */
};

/* Arm t to call fn at deadline (ns, monotonic); re-arming moves it. */
void timer_start(struct timer *t, uint64_t deadline, void (*fn)(struct timer *));
/* Disarm t; nothing if it already fired. */
void timer_stop(struct timer *t);
/* Route the timer interrupt.  Once, at boot. */
void timer_init(void);

#endif
