/* SPDX-License-Identifier: MIT */
/*
 * Raw priority-inheritance futexes: TRYLOCK_PI writes the owner's tid;
 * LOCK_PI on one's own lock is EDEADLK; a second thread's TRYLOCK_PI is
 * EAGAIN and its timed LOCK_PI (absolute CLOCK_REALTIME) ETIMEDOUT; UNLOCK_PI
 * by a non-owner or of a free word is EPERM; a blocked LOCK_PI sets
 * FUTEX_WAITERS and UNLOCK_PI hands the lock over (the word holds the new
 * owner's tid); an owner-died word is taken over; a dead owner's tid is
 * ESRCH.
 */
#include "thr.h"
#include <pthread.h>

#define P FUTEX_PRIVATE_FLAG

static uint32_t lk;
static int main_tid;

static long pi(int op, const struct timespec *t)
{
    return t_futex(&lk, op | P, 0, t, NULL, 0);
}

/* Each runs in a second thread; returns "0" or an errno name. */
static void *other(void *arg)
{
    long what = (long)arg;
    struct timespec at = t_deadline(CLOCK_REALTIME, 30000000);
    long r = what == 0   ? pi(FUTEX_TRYLOCK_PI, NULL)
             : what == 1 ? pi(FUTEX_LOCK_PI, &at)
                         : pi(FUTEX_UNLOCK_PI, NULL);
    return (void *)(r == 0 ? "0" : t_errname(errno));
}

static const char *in_other(long what)
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, other, (void *)what);
    pthread_join(t, &r);
    return r;
}

static volatile int got_tid, got_ret = -1, holds;
static volatile uint32_t seen;

static void *blocker(void *arg)
{
    (void)arg;
    got_tid = t_gettid();
    got_ret = (int)pi(FUTEX_LOCK_PI, NULL);
    seen = lk;
    holds = 1;
    while (holds == 1)
        t_sleep_ms(1);
    pi(FUTEX_UNLOCK_PI, NULL);
    return NULL;
}

int main(void)
{
    t_watchdog();
    main_tid = t_gettid();
    T("UNLOCK_PI free word", pi(FUTEX_UNLOCK_PI, NULL));
    T("TRYLOCK_PI free word", pi(FUTEX_TRYLOCK_PI, NULL));
    FACT("word == my tid", lk == (uint32_t)main_tid);
    T("LOCK_PI own lock", pi(FUTEX_LOCK_PI, NULL));
    T("TRYLOCK_PI own lock", pi(FUTEX_TRYLOCK_PI, NULL));
    printf("other TRYLOCK_PI = %s\n", in_other(0));
    printf("other LOCK_PI 30ms = %s\n", in_other(1));
    printf("other UNLOCK_PI = %s\n", in_other(2));
    FACT("word still my tid", (lk & FUTEX_TID_MASK) == (uint32_t)main_tid);

    /* hand over to a blocked locker */
    pthread_t t;
    pthread_create(&t, NULL, blocker, NULL);
    while (!(__atomic_load_n(&lk, __ATOMIC_SEQ_CST) & FUTEX_WAITERS))
        t_sleep_ms(1);
    printf("FUTEX_WAITERS set while blocked: yes\n");
    T("UNLOCK_PI with a waiter", pi(FUTEX_UNLOCK_PI, NULL));
    while (!holds)
        t_sleep_ms(1);
    /* (whether FUTEX_WAITERS is still set then depends on timing) */
    printf("waiter LOCK_PI = %d, word == its tid: %s\n", got_ret,
           (seen & FUTEX_TID_MASK) == (uint32_t)got_tid ? "yes" : "no");
    T("my UNLOCK_PI of its lock", pi(FUTEX_UNLOCK_PI, NULL));
    holds = 2;
    pthread_join(t, NULL);
    printf("after its UNLOCK_PI the word is %u\n", lk);

    lk = FUTEX_OWNER_DIED;
    T("LOCK_PI on OWNER_DIED, no tid", pi(FUTEX_LOCK_PI, NULL));
    FACT("word == my tid | OWNER_DIED", lk == (FUTEX_OWNER_DIED | main_tid));
    T("UNLOCK_PI", pi(FUTEX_UNLOCK_PI, NULL));
    printf("word after unlock: %u\n", lk);

    lk = 0x3ffffff0; /* a tid that cannot exist (above PID_MAX_LIMIT) */
    T("LOCK_PI owned by no task", pi(FUTEX_LOCK_PI, NULL));
    T("TRYLOCK_PI owned by no task", pi(FUTEX_TRYLOCK_PI, NULL));
    lk = 0;
    T("LOCK_PI unaligned", t_futex((uint32_t *)((char *)&lk + 1),
                                   FUTEX_LOCK_PI | P, 0, NULL, NULL, 0));
    return 0;
}
