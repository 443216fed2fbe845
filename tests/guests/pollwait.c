/* SPDX-License-Identifier: MIT */
/* Polls stdin, again and again (a poll never waits), for 50 ms by the TSC
 * (read at 1 GHz or faster) and exits with 10 + the last result (10: not
 * readable, 11: readable). */
#include "guest.h"

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

void guest_main(uint64_t boot_info)
{
    uint64_t avail;
    (void)boot_info;

    uint64_t t0 = rdtsc();
    int64_t r;
    while (!(r = hc_poll(&avail)) && rdtsc() - t0 < 50 * 1000 * 1000)
        ;
    hc_exit((uint32_t)(10 + r));
}
