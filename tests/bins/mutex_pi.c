/* SPDX-License-Identifier: MIT */
/*
 * Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT, built on the kernel's
 * FUTEX_LOCK_PI/UNLOCK_PI/TRYLOCK_PI): lock and unlock, trylock by another
 * thread (EBUSY), timedlock (ETIMEDOUT), an error-checking PI mutex
 * (EDEADLK), and 4 threads x 500 contended increments with an exact sum.
 */
#include "thr.h"
#include <pthread.h>

static pthread_mutex_t pi, pichk;
static volatile long counter;

static void *try_other(void *a)
{
    (void)a;
    int r = pthread_mutex_trylock(&pi);
    if (r == 0)
        pthread_mutex_unlock(&pi);
    return (void *)(long)r;
}

static void *timed_other(void *a)
{
    (void)a;
    struct timespec at = t_deadline(CLOCK_REALTIME, 30000000);
    int r = pthread_mutex_timedlock(&pi, &at);
    if (r == 0)
        pthread_mutex_unlock(&pi);
    return (void *)(long)r;
}

static void *adder(void *a)
{
    (void)a;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&pi);
        long v = counter;
        for (volatile int k = 0; k < 50; k++)
            ;
        counter = v + 1;
        pthread_mutex_unlock(&pi);
    }
    return NULL;
}

static const char *in_thread(void *(*fn)(void *))
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, fn, NULL);
    pthread_join(t, &r);
    return r ? t_errname((int)(long)r) : "0";
}

#define E(label, r) printf("%s = %s\n", label, (r) ? t_errname(r) : "0")

int main(void)
{
    t_watchdog();
    pthread_mutexattr_t a;
    int proto = -1;
    pthread_mutexattr_init(&a);
    E("setprotocol INHERIT",
      pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
    pthread_mutexattr_getprotocol(&a, &proto);
    FACT("protocol round trip", proto == PTHREAD_PRIO_INHERIT);
    E("init", pthread_mutex_init(&pi, &a));
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    E("init errorcheck", pthread_mutex_init(&pichk, &a));

    E("lock", pthread_mutex_lock(&pi));
    printf("held: other trylock = %s\n", in_thread(try_other));
    printf("held: other timedlock 30ms = %s\n", in_thread(timed_other));
    E("unlock", pthread_mutex_unlock(&pi));
    printf("free: other trylock = %s\n", in_thread(try_other));
    E("trylock", pthread_mutex_trylock(&pi));
    E("unlock", pthread_mutex_unlock(&pi));

    E("errorcheck lock", pthread_mutex_lock(&pichk));
    E("errorcheck relock", pthread_mutex_lock(&pichk));
    E("errorcheck unlock", pthread_mutex_unlock(&pichk));
    E("errorcheck unlock again", pthread_mutex_unlock(&pichk));

    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, adder, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    printf("4 threads x 500: counter = %ld\n", counter);
    E("destroy", pthread_mutex_destroy(&pi));
    return 0;
}
