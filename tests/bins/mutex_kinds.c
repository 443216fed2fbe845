/* SPDX-License-Identifier: MIT */
/*
 * Mutex kinds and their error cases across threads: recursive (counted
 * relocks, EPERM from a non-owner), error-checking (EDEADLK on relock,
 * EPERM on unlock by a non-owner or when unlocked), trylock (EBUSY when
 * another thread holds it), and timedlock with a CLOCK_REALTIME deadline
 * (ETIMEDOUT when held, EINVAL for a bad deadline, success when free).
 */
#include "thr.h"
#include <pthread.h>

static pthread_mutex_t rec, chk, norm = PTHREAD_MUTEX_INITIALIZER;

/* Runs fn in a new thread and returns its result (an error number). */
static long in_thread(void *(*fn)(void *))
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, fn, NULL);
    pthread_join(t, &r);
    return (long)r;
}

static void *try_rec(void *a)
{
    (void)a;
    return (void *)(long)pthread_mutex_trylock(&rec);
}
static void *unlock_rec(void *a)
{
    (void)a;
    return (void *)(long)pthread_mutex_unlock(&rec);
}
static void *unlock_chk(void *a)
{
    (void)a;
    return (void *)(long)pthread_mutex_unlock(&chk);
}
static void *try_norm(void *a)
{
    (void)a;
    return (void *)(long)pthread_mutex_trylock(&norm);
}

static long waited_ms;
static void *timed_norm(void *a)
{
    long ns = (long)a ? (long)a : 50000000;
    struct timespec at = t_deadline(CLOCK_REALTIME, ns);
    long long t0 = t_now(CLOCK_MONOTONIC);
    int r = pthread_mutex_timedlock(&norm, &at);
    waited_ms = (t_now(CLOCK_MONOTONIC) - t0) / 1000000;
    if (r == 0)
        pthread_mutex_unlock(&norm);
    return (void *)(long)r;
}
static void *timed_bad(void *a)
{
    (void)a;
    struct timespec at = {0, 1000000000};
    return (void *)(long)pthread_mutex_timedlock(&norm, &at);
}

#define E(label, r) printf("%s = %s\n", label, (r) ? t_errname(r) : "0")

int main(void)
{
    t_watchdog();
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&chk, &a);
    int type = -1;
    pthread_mutexattr_gettype(&a, &type);
    FACT("attr type round trip", type == PTHREAD_MUTEX_ERRORCHECK);

    E("recursive lock 1", pthread_mutex_lock(&rec));
    E("recursive lock 2", pthread_mutex_lock(&rec));
    E("recursive trylock 3", pthread_mutex_trylock(&rec));
    E("recursive: trylock by other thread", in_thread(try_rec));
    E("recursive: unlock by other thread", in_thread(unlock_rec));
    E("recursive unlock 3", pthread_mutex_unlock(&rec));
    E("recursive unlock 2", pthread_mutex_unlock(&rec));
    E("recursive: still held, other trylock", in_thread(try_rec));
    E("recursive unlock 1", pthread_mutex_unlock(&rec));
    E("recursive unlock 4 (not held)", pthread_mutex_unlock(&rec));
    E("recursive: free, other trylock", in_thread(try_rec));
    E("recursive: other thread left it locked, my trylock",
      pthread_mutex_trylock(&rec));

    E("errorcheck lock", pthread_mutex_lock(&chk));
    E("errorcheck relock", pthread_mutex_lock(&chk));
    E("errorcheck trylock held by self", pthread_mutex_trylock(&chk));
    E("errorcheck unlock by other thread", in_thread(unlock_chk));
    E("errorcheck unlock", pthread_mutex_unlock(&chk));
    E("errorcheck unlock again", pthread_mutex_unlock(&chk));

    E("normal lock", pthread_mutex_lock(&norm));
    E("normal: trylock by other thread", in_thread(try_norm));
    E("normal: timedlock 50ms by other thread", in_thread(timed_norm));
    FACT("  waited at least 40 ms", waited_ms >= 40);
    E("normal: timedlock bad nsec by other thread", in_thread(timed_bad));
    E("normal unlock", pthread_mutex_unlock(&norm));
    E("normal: free, other timedlock", in_thread(timed_norm));
    FACT("  did not wait", waited_ms < 40);
    E("normal: free, other trylock (left locked)", in_thread(try_norm));
    E("normal: my trylock", pthread_mutex_trylock(&norm));
    return 0;
}
