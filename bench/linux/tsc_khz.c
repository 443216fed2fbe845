// SPDX-License-Identifier: MIT
/*
 * bench/linux/tsc_khz.c: prints the host TSC's rate in kHz, measured
 * against CLOCK_MONOTONIC_RAW over 100 ms (as ./run measures it).  Under
 * QEMU TCG without -icount the guest's TSC is the host's, so this is the
 * tsc_early_khz the Linux guest needs.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
    uint64_t t0 = now_ns(), c0 = rdtsc(), t, c;
    do {
        t = now_ns();
        c = rdtsc();
    } while (t - t0 < 100000000);
    printf("%llu\n", (unsigned long long)((c - c0) * 1000000.0 / (t - t0)));
    return 0;
}
