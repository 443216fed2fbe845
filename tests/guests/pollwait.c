/* SPDX-License-Identifier: MIT */
/* Polls stdin for 50 ms and exits with 10 + the poll result (10: timed
 * out, 11: readable), or 9 if the poll came back before 40 ms without
 * stdin being readable (by the TSC, read at 1 GHz or faster). */
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
    int64_t r = hc_poll(50 * 1000 * 1000, &avail);
    if (r == 0 && rdtsc() - t0 < 40 * 1000 * 1000)
        hc_exit(9);
    hc_exit((uint32_t)(10 + r));
}
