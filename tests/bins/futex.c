/* SPDX-License-Identifier: MIT */
/* futex without threads: WAKE with no waiters, WAIT on a changed value,
 * WAIT with a timeout, private and shared variants, bad ops. */
#include "t.h"
#include <stdint.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_RT 256

static long futex(uint32_t *u, int op, uint32_t v, const struct timespec *t,
                  uint32_t *u2, uint32_t v3)
{
    return syscall(SYS_futex, u, op, v, t, u2, v3);
}

static long long now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(void)
{
    static uint32_t f = 5;
    struct timespec ten = { 0, 10000000 };
    T("WAKE no waiters", futex(&f, FUTEX_WAKE, 1, NULL, NULL, 0));
    T("WAKE private", futex(&f, FUTEX_WAKE | FUTEX_PRIVATE, 100, NULL, NULL, 0));
    T("WAIT mismatch", futex(&f, FUTEX_WAIT, 4, NULL, NULL, 0));
    T("WAIT mismatch private", futex(&f, FUTEX_WAIT | FUTEX_PRIVATE, 4, NULL, NULL, 0));
    long long t0 = now(CLOCK_MONOTONIC);
    T("WAIT 10ms timeout", futex(&f, FUTEX_WAIT, 5, &ten, NULL, 0));
    FACT("waited >= 10ms", now(CLOCK_MONOTONIC) - t0 >= 10000000);
    t0 = now(CLOCK_MONOTONIC);
    T("WAIT private 10ms", futex(&f, FUTEX_WAIT | FUTEX_PRIVATE, 5, &ten, NULL, 0));
    FACT("waited >= 10ms", now(CLOCK_MONOTONIC) - t0 >= 10000000);
    long long abs = now(CLOCK_MONOTONIC) + 10000000;
    struct timespec at = { abs / 1000000000, abs % 1000000000 };
    T("WAIT_BITSET abs monotonic", futex(&f, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 5, &at, NULL, ~0u));
    FACT("reached deadline", now(CLOCK_MONOTONIC) >= abs);
    abs = now(CLOCK_REALTIME) + 10000000;
    at.tv_sec = abs / 1000000000, at.tv_nsec = abs % 1000000000;
    T("WAIT_BITSET abs realtime", futex(&f, FUTEX_WAIT_BITSET | FUTEX_PRIVATE | FUTEX_CLOCK_RT, 5, &at, NULL, ~0u));
    FACT("reached deadline", now(CLOCK_REALTIME) >= abs);
    T("WAIT_BITSET bitset 0", futex(&f, FUTEX_WAIT_BITSET, 5, &at, NULL, 0));
    struct timespec bad = { 0, 2000000000 };
    T("WAIT bad timeout", futex(&f, FUTEX_WAIT, 5, &bad, NULL, 0));
    T("WAIT unaligned", futex((uint32_t *)((char *)&f + 1), FUTEX_WAIT, 5, &ten, NULL, 0));
    T("WAIT NULL", futex(NULL, FUTEX_WAIT, 5, &ten, NULL, 0));
    T("bad op", futex(&f, 99, 0, NULL, NULL, 0));
    static const uint32_t ro = 7;
    T("WAIT read-only word, mismatch", futex((uint32_t *)&ro, FUTEX_WAIT, 0, &ten, NULL, 0));
    return 0;
}
