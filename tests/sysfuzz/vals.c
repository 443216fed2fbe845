// SPDX-License-Identifier: MIT
/* Shapes of numbers: the edges (0, 1, -1, the sign bits, the 32-bit
 * limits), small plausible values and random bits.  A number that happens
 * to fall in the program's own memory is moved out of it (mem_is_own), in
 * case the kernel takes it for a pointer. */
#include "sysfuzz.h"
#include <signal.h>
#include <unistd.h>

static const uint64_t edges[] = {
    0,
    1,
    2,
    3,
    4,
    7,
    8,
    16,
    64,
    255,
    256,
    4095,
    4096,
    4097,
    65536,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ULL,
    0x7ffff000,
    ~0ULL,
    ~1ULL,
    0x8000000000000000ULL,
    0x7fffffffffffffffULL,
    1ULL << 62,
    0xffffffff80000000ULL,
    0xfffffffffffff000ULL,
};

static uint64_t away(uint64_t v)
{
    return mem_is_own(v) ? v ^ 0x8000000000000000ULL : v;
}

static uint64_t edge_or_random(void)
{
    switch (rng_below(4)) {
    case 0:
        return RNG_PICK(edges);
    case 1:
        return rng_below(32);
    case 2:
        return 1ULL << rng_below(64);
    default:
        return away(rng_next());
    }
}

uint64_t val_any(void)
{
    return away(rng_chance(50) ? rng_next() : edge_or_random());
}

uint64_t val_int(void)
{
    if (rng_chance(50))
        return rng_below(8);
    return away(rng_chance(70) ? (uint64_t)(int64_t)(int32_t)edge_or_random()
                               : edge_or_random());
}

uint64_t val_long(void)
{
    static const uint64_t offs[] = {0,
                                    1,
                                    4096,
                                    100,
                                    ~0ULL,
                                    1ULL << 31,
                                    1ULL << 40,
                                    0x7fffffffffffffffULL,
                                    0x8000000000000000ULL,
                                    0x7ffff000};
    return rng_chance(50) ? RNG_PICK(offs) : away(edge_or_random());
}

uint64_t val_flags(void)
{
    switch (rng_below(8)) {
    case 0:
    case 1:
        return 0;
    case 2:
        return ~0ULL;
    case 3:
        return 0xffffffff;
    case 4:
        return 1ULL << rng_below(32);
    case 5:
        return rng_next() & 0xfff;
    default:
        return away(rng_next() & (rng_chance(50) ? 0xffffffffULL : ~0ULL));
    }
}

uint64_t val_size(void)
{
    static const uint64_t sizes[] = {
        0,
        1,
        2,
        8,
        16,
        24,
        64,
        128,
        256,
        1024,
        4096,
        8192,
        32768,
        65536,
        0x7ffff000,
        1ULL << 62,
        ~0ULL,
        0x80000000,
        0xffffffff,
        0x100000000ULL,
        0x7fffffffffffffffULL,
    };
    if (rng_chance(40))
        return 1 + rng_below(512);
    return rng_chance(85) ? RNG_PICK(sizes) : away(rng_next());
}

uint64_t val_mode(void)
{
    static const uint64_t modes[] = {0,       0644,    0755,       0777,
                                     07777,   0600,    0100644,    0040755,
                                     0020666, 0140777, 0xffffffff, 0170000};
    return rng_chance(80) ? RNG_PICK(modes) : val_flags();
}

uint64_t val_id(void)
{
    static const uint64_t ids[] = {0,          1,          1000,       65534,
                                   0xffffffff, 0xfffffffe, 0x7fffffff, 0x10000};
    return rng_chance(85) ? RNG_PICK(ids) : val_any();
}

uint64_t val_clock(void)
{
    static const uint64_t clocks[] = {
        0,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        16,
        ~0ULL,
        0x80000000,
        (uint64_t)-29, /* a dynamic clock on fd 3 */
        (uint64_t)-14, /* CPU clock of pid 1 */
    };
    return rng_chance(90) ? RNG_PICK(clocks) : val_int();
}

static long self(void)
{
    static long pid;
    if (!pid)
        pid = getpid(); /* the fuzzer never forks */
    return pid;
}

uint64_t val_pid(void)
{
    static const uint64_t pids[] = {
        0, 1, 2, ~0ULL, 0x7fffffff, 0x80000000, 4194304, 32768, ~1ULL};
    if (rng_chance(30))
        return (uint64_t)self();
    if (rng_chance(10))
        return (uint64_t)-self();
    return rng_chance(85) ? RNG_PICK(pids) : val_any();
}

/* Signals that are ignored from the start (main.c) and stay so (the
 * sigaction hook installs only SIG_IGN, or SIG_DFL where the default is
 * to ignore), so sending them to ourselves is harmless. */
int sig_safe(long sig)
{
    if (sig <= 0 || sig > 64)
        return 1; /* 0 checks, others are EINVAL */
    switch (sig) {
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:
    case SIGTRAP:
    case SIGABRT:
        return 0;
    default:
        return 1;
    }
}

uint64_t val_sig(void)
{
    static const uint64_t odd[] = {
        0, 65, 64, 32, 33, ~0ULL, 0x7fffffff, 128, 0x100000001ULL};
    uint64_t s;
    do
        s = rng_chance(70) ? 1 + rng_below(64) : RNG_PICK(odd);
    while (!sig_safe((long)(int)s));
    return s;
}

int pid_may_be_self(long pid)
{
    int p = (int)pid;
    /* kill(-1) reaches every process but init and the caller (never a
     * group, even when our group is 1) */
    if (p == -1)
        return self() != 1;
    return p == 0 || p == self() || p == -self() || p == -getpgrp();
}
