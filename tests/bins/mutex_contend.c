/* SPDX-License-Identifier: MIT */
/*
 * A default mutex under contention: 8 threads add 1000 each to a plain
 * counter inside the lock (a read, a yield-prone pause, a write), so any
 * lost mutual exclusion loses increments; the sum must be exact.  Then the
 * same with a spin lock.
 */
#include "thr.h"
#include <pthread.h>

#define THREADS 8
#define EACH 1000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t s;
static volatile long counter;
static volatile int inside, overlap;

static void critical(void)
{
    if (inside++)
        overlap = 1;
    long v = counter;
    for (volatile int k = 0; k < 20; k++)
        ;
    counter = v + 1;
    inside--;
}

static void *with_mutex(void *arg)
{
    (void)arg;
    for (int i = 0; i < EACH; i++) {
        pthread_mutex_lock(&m);
        critical();
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static void *with_spin(void *arg)
{
    (void)arg;
    for (int i = 0; i < EACH; i++) {
        pthread_spin_lock(&s);
        critical();
        pthread_spin_unlock(&s);
    }
    return NULL;
}

static void run(const char *what, void *(*fn)(void *))
{
    pthread_t th[THREADS];
    int created = 0;
    counter = 0;
    overlap = 0;
    for (int i = 0; i < THREADS; i++)
        created += pthread_create(&th[i], NULL, fn, NULL) == 0;
    for (int i = 0; i < created; i++)
        pthread_join(th[i], NULL);
    printf("%s: %d threads x %d: counter = %ld, overlap seen: %s\n", what,
           created, EACH, counter, overlap ? "yes" : "no");
}

int main(void)
{
    t_watchdog();
    run("mutex", with_mutex);
    T("spin_init", pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE));
    run("spinlock", with_spin);
    T("spin_trylock free", pthread_spin_trylock(&s));
    printf("spin_trylock held = %s\n", t_errname(pthread_spin_trylock(&s)));
    pthread_spin_unlock(&s);
    T("mutex_destroy", pthread_mutex_destroy(&m));
    return 0;
}
