/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the thread, futex, signal and timer tests: raw futex calls
 * (musl has no <linux/futex.h>), clock readings and deadlines, and the
 * watchdog that turns a deadlock into a quick failure (SIGALRM, status 142).
 */
#ifndef THR_H
#define THR_H

#include "t.h"
#include <signal.h>
#include <stdint.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

/* Raw futex(2): returns the result, or -1 with errno set. */
static inline long t_futex(volatile uint32_t *uaddr, int op, uint32_t val,
                           const struct timespec *t, volatile uint32_t *uaddr2,
                           uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

/* Returns the thread id of the caller. */
static inline int t_gettid(void)
{
    return (int)syscall(SYS_gettid);
}

/* Returns clock c in nanoseconds. */
static inline long long t_now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Returns the absolute time on clock c that lies ns nanoseconds ahead. */
static inline struct timespec t_deadline(clockid_t c, long long ns)
{
    long long at = t_now(c) + ns;
    struct timespec ts = {at / 1000000000, at % 1000000000};
    return ts;
}

/* Sleeps ms milliseconds (resumed after a handled signal). */
static inline void t_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Bounds the whole run: a deadlock ends by SIGALRM (status 142) in 10 s. */
static inline void t_watchdog(void)
{
    alarm(10);
}

#endif
