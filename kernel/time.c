// SPDX-License-Identifier: MIT
/* Clocks from the TSC, whose rate ./run measured on the host, and the
 * host's wall-clock time at launch.  No exits to the VMM. */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/time.h"
#include "kernel/vdso.h"
#include "kernel/timer.h"
#include "kernel/wait.h"

static uint64_t tsc0, mult, realtime0; /* ns = (tsc - tsc0) * mult >> 32 */
static uint64_t khz;

void time_init(uint64_t tsc_khz, uint64_t realtime_ns)
{
    if (!tsc_khz) {
        klog("no TSC rate given; assuming 1 GHz");
        tsc_khz = 1000000;
    }
    tsc0 = hal_rdtsc();
    khz = tsc_khz;
    mult = (1000000ULL << 32) / tsc_khz;
    realtime0 = realtime_ns;
}

uint64_t time_monotonic_ns(void)
{
    return (uint64_t)(((unsigned __int128)(hal_rdtsc() - tsc0) * mult) >> 32);
}

uint64_t time_realtime_ns(void)
{
    return realtime0 + time_monotonic_ns();
}

void time_set_realtime(uint64_t ns)
{
    realtime0 = ns - time_monotonic_ns();
    vdso_set_realtime(realtime0);
}

void time_vdso(uint64_t *tsc, uint64_t *m, uint64_t *rt0)
{
    *tsc = tsc0;
    *m = mult;
    *rt0 = realtime0;
}

uint64_t time_tsc_to_ns(uint64_t ticks)
{
    return (uint64_t)(((unsigned __int128)ticks * mult) >> 32);
}

uint64_t time_ns_to_tsc(uint64_t ns)
{
    return tsc0 + (uint64_t)((unsigned __int128)ns * khz / 1000000);
}

int time_sleep_until(uint64_t deadline_ns)
{
    while (time_monotonic_ns() < deadline_ns) {
        int err = wait_sleep(NULL, deadline_ns, 1);
        if (err == -ERESTARTSYS)
            return err;
    }
    return 0;
}
