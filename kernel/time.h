/* SPDX-License-Identifier: MIT */
/* Clocks, from the TSC and the host's time at launch (kernel/time.c). */
#ifndef UK_TIME_H
#define UK_TIME_H

#include <stdint.h>

/* Nanoseconds since boot; never goes backwards. */
uint64_t time_monotonic_ns(void);
/* Nanoseconds since the Unix epoch. */
uint64_t time_realtime_ns(void);
/* The clock's parameters, for the vDSO: ns = (tsc - tsc0) * mult >> 32,
 * and the wall clock at ns 0. */
void time_vdso(uint64_t *tsc0, uint64_t *mult, uint64_t *realtime0);
/* Set the wall clock to ns since the epoch. */
void time_set_realtime(uint64_t ns);
/* ns in ticks TSC ticks. */
uint64_t time_tsc_to_ns(uint64_t ticks);
/* The TSC value at monotonic time ns. */
uint64_t time_ns_to_tsc(uint64_t ns);
/* Sleep until time_monotonic_ns() >= deadline: 0, or -ERESTARTSYS when
 * a signal came first. */
int time_sleep_until(uint64_t deadline_ns);

#endif
