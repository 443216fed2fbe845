/* SPDX-License-Identifier: MIT */
/* Clocks, from the TSC and the host's time at launch (kernel/time.c). */
#ifndef UK_TIME_H
#define UK_TIME_H

#include <stdint.h>

/* Nanoseconds since boot; never goes backwards. */
uint64_t time_monotonic_ns(void);
/* Nanoseconds since the Unix epoch. */
uint64_t time_realtime_ns(void);
/* Wait until time_monotonic_ns() >= deadline. */
void time_sleep_until(uint64_t deadline_ns);

#endif
