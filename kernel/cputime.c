// SPDX-License-Identifier: MIT
/*
 * CPU time, as Linux accounts it on a tickless CPU: a TSC stamp at every
 * crossing between ring 3 and the kernel, and around halts.  The time
 * since the last stamp goes to the user or the system total.
 */
#include "hal/hal.h"
#include "kernel/cputime.h"
#include "kernel/kernel.h"
#include "kernel/time.h"

static uint64_t last, user, sys, faults;

void cputime_enter(void)
{
    uint64_t t = hal_rdtsc();
    if (last)
        user += t - last;
    last = t;
}

void cputime_leave(void)
{
    uint64_t t = hal_rdtsc();
    if (last)
        sys += t - last;
    last = t;
}

void cputime_halt(void)
{
    cputime_leave();
    hal_wait_interrupt();
    last = hal_rdtsc();
}

void cputime_get(uint64_t *user_ns, uint64_t *sys_ns)
{
    cputime_leave(); /* the call in progress counts */
    *user_ns = time_tsc_to_ns(user);
    *sys_ns = time_tsc_to_ns(sys);
}

void cputime_count_fault(void)
{
    faults++;
}

uint64_t cputime_faults(void)
{
    return faults;
}
