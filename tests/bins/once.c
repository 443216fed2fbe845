/* SPDX-License-Identifier: MIT */
/*
 * pthread_once from 8 threads at once: the init routine runs exactly once,
 * and every caller returns only after it finished (the slow init sleeps,
 * so the others must wait for it in the kernel).  Thread-specific data:
 * pthread_key_create, per-thread values, destructors run at thread exit.
 */
#include "thr.h"
#include <pthread.h>

#define N 8

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t bar;
static volatile int runs, ready, saw_ready[N];
static pthread_key_t key;
static volatile int destroyed[N];

static void init(void)
{
    runs++;
    t_sleep_ms(20);
    ready = 1;
}

static void destroy(void *v)
{
    destroyed[(long)v - 1]++;
}

static void *work(void *arg)
{
    long i = (long)arg;
    pthread_setspecific(key, (void *)(i + 1));
    pthread_barrier_wait(&bar);
    pthread_once(&once, init);
    saw_ready[i] = ready;
    pthread_barrier_wait(&bar);
    /* each thread still sees its own value */
    if (pthread_getspecific(key) != (void *)(i + 1))
        saw_ready[i] = 0;
    return NULL;
}

int main(void)
{
    t_watchdog();
    pthread_t th[N];
    pthread_barrier_init(&bar, NULL, N);
    T("key_create", pthread_key_create(&key, destroy));
    FACT("main's value NULL", pthread_getspecific(key) == NULL);
    for (long i = 0; i < N; i++)
        pthread_create(&th[i], NULL, work, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    int all = 1, once_each = 1;
    for (int i = 0; i < N; i++)
        all &= saw_ready[i], once_each &= destroyed[i] == 1;
    printf("init ran %d time(s)\n", runs);
    FACT("every caller saw init finished and kept its own key value", all);
    FACT("destructor ran once per thread", once_each);
    FACT("main's value still NULL", pthread_getspecific(key) == NULL);
    pthread_once(&once, init);
    printf("after another call: init ran %d time(s)\n", runs);
    T("key_delete", pthread_key_delete(key));
    return 0;
}
