// SPDX-License-Identifier: MIT
/*
 * The vDSO: clock_gettime, gettimeofday, time and clock_getres answered in
 * ring 3 (the first three from
 * the TSC and the kernel's shared page), as Linux's vDSO does, so that
 * reading the clock needs no syscall.  Clocks it cannot read (CPU time)
 * fall back to the syscall.  Built as its own shared object (no libc),
 * mapped into every program; Go, glibc and musl find it through
 * AT_SYSINFO_EHDR.
 */
#include <stdint.h>

#include "hal/x86_64/vdso/vdso_data.h"

extern const struct vdso_data vdso_data __attribute__((visibility("hidden")));

struct ts {
    int64_t sec, nsec;
};
struct tv {
    int64_t sec, usec;
};

static long sys(long nr, long a, long b)
{
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a), "S"(b)
                     : "rcx", "r11", "memory");
    return r;
}

/* The TSC, read after the loads before it (lfence), as Linux's vDSO
 * does: a plain rdtsc may run ahead of the load of the sequence count,
 * and two vCPUs' readings then go back by hundreds of ns. */
static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Nanoseconds since boot, and the wall clock's offset, read consistently. */
static uint64_t now(uint64_t *realtime0)
{
    const volatile struct vdso_data *d = &vdso_data;
    uint32_t seq;
    uint64_t ns;
    do {
        while ((seq = d->seq) & 1)
            __asm__ volatile("pause");
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint64_t t = rdtsc() - d->tsc0;
        ns = (uint64_t)(((unsigned __int128)t * d->mult) >> 32);
        *realtime0 = d->realtime0;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while (d->seq != seq);
    return ns;
}

long __vdso_clock_gettime(int clk, struct ts *tp)
{
    uint64_t rt0, ns;
    switch (clk) {
    case 0:  /* CLOCK_REALTIME */
    case 5:  /* CLOCK_REALTIME_COARSE */
    case 11: /* CLOCK_TAI */
        ns = now(&rt0) + rt0;
        break;
    case 1: /* CLOCK_MONOTONIC */
    case 4: /* CLOCK_MONOTONIC_RAW */
    case 6: /* CLOCK_MONOTONIC_COARSE */
    case 7: /* CLOCK_BOOTTIME */
        ns = now(&rt0);
        break;
    default:
        return sys(228 /* clock_gettime */, clk, (long)tp);
    }
    tp->sec = (int64_t)(ns / 1000000000);
    tp->nsec = (int64_t)(ns % 1000000000);
    return 0;
}

long __vdso_gettimeofday(struct tv *tv, void *tz)
{
    if (tz)
        return sys(96 /* gettimeofday */, (long)tv, (long)tz);
    if (tv) {
        uint64_t rt0, ns = now(&rt0) + rt0;
        tv->sec = (int64_t)(ns / 1000000000);
        tv->usec = (int64_t)(ns % 1000000000 / 1000);
    }
    return 0;
}

long __vdso_time(long *t)
{
    uint64_t rt0, ns = now(&rt0) + rt0;
    long s = (long)(ns / 1000000000);
    if (t)
        *t = s;
    return s;
}

/* The clocks served here: 1 ns, and a 4 ms tick for the coarse ones, as
 * sys_clock_getres says. */
long __vdso_clock_getres(int clk, struct ts *res)
{
    int64_t ns;
    switch (clk) {
    case 0: case 1: case 4: case 7: case 11:
        ns = 1;
        break;
    case 5: case 6: /* the COARSE clocks */
        ns = 4000000;
        break;
    default:
        return sys(229 /* clock_getres */, clk, (long)res);
    }
    if (res) {
        res->sec = 0;
        res->nsec = ns;
    }
    return 0;
}

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
    (void)cache;
    return sys(309 /* getcpu */, (long)cpu, (long)node);
}

long clock_gettime(int, struct ts *)
    __attribute__((weak, alias("__vdso_clock_gettime")));
long gettimeofday(struct tv *, void *)
    __attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long clock_getres(int, struct ts *)
    __attribute__((weak, alias("__vdso_clock_getres")));
long getcpu(unsigned *, unsigned *, void *)
    __attribute__((weak, alias("__vdso_getcpu")));
