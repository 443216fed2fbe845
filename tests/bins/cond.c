/* SPDX-License-Identifier: MIT */
/*
 * Condition variables: a bounded queue (4 slots) between 2 producers and 2
 * consumers, 400 items each way, checked by count and sum; a broadcast that
 * wakes 6 waiters known to be inside pthread_cond_wait; timedwait that
 * times out on CLOCK_REALTIME and on CLOCK_MONOTONIC (condattr_setclock).
 */
#include "thr.h"
#include <pthread.h>

#define SLOTS 4
#define ITEMS 400

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int q[SLOTS], head, count, producers_left = 2;
static long consumed_sum, consumed_n;

static void *producer(void *arg)
{
    int base = (int)(long)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == SLOTS)
            pthread_cond_wait(&not_full, &m);
        q[(head + count++) % SLOTS] = base + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    producers_left--;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    for (;;) {
        while (count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &m);
        if (count == 0)
            break;
        consumed_sum += q[head];
        consumed_n++;
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&not_full);
    }
    pthread_mutex_unlock(&m);
    return NULL;
}

static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int waiting, released, woken;

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    waiting++;
    pthread_cond_signal(&arrived);
    while (!released)
        pthread_cond_wait(&go, &m);
    woken++;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void timed(const char *what, clockid_t clk)
{
    pthread_condattr_t ca;
    pthread_cond_t c;
    pthread_condattr_init(&ca);
    printf("%s: setclock = %d", what, pthread_condattr_setclock(&ca, clk));
    pthread_cond_init(&c, &ca);
    struct timespec at = t_deadline(clk, 30000000);
    long long t0 = t_now(CLOCK_MONOTONIC);
    pthread_mutex_lock(&m);
    int r = pthread_cond_timedwait(&c, &m, &at);
    int relocked = pthread_mutex_trylock(&m) != 0; /* held by us again */
    pthread_mutex_unlock(&m);
    printf(", timedwait 30ms = %s, waited >= 25ms: %s, mutex reacquired: %s\n",
           t_errname(r), t_now(CLOCK_MONOTONIC) - t0 >= 25000000 ? "yes" : "no",
           relocked ? "yes" : "no");
    pthread_cond_destroy(&c);
}

int main(void)
{
    t_watchdog();
    pthread_t th[6];
    pthread_create(&th[0], NULL, producer, (void *)0L);
    pthread_create(&th[1], NULL, producer, (void *)100000L);
    pthread_create(&th[2], NULL, consumer, NULL);
    pthread_create(&th[3], NULL, consumer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    long want = 2L * ITEMS * (ITEMS + 1) / 2 + 100000L * ITEMS;
    printf("bounded queue: consumed %ld items, sum right: %s, left %d\n",
           consumed_n, consumed_sum == want ? "yes" : "no", count);

    for (int i = 0; i < 6; i++)
        pthread_create(&th[i], NULL, waiter, NULL);
    pthread_mutex_lock(&m);
    while (waiting < 6)
        pthread_cond_wait(&arrived, &m);
    /* all 6 hold no mutex, so all are inside pthread_cond_wait */
    released = 1;
    T("broadcast", pthread_cond_broadcast(&go));
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 6; i++)
        pthread_join(th[i], NULL);
    printf("broadcast woke %d of 6\n", woken);
    T("signal with no waiters", pthread_cond_signal(&go));

    timed("CLOCK_REALTIME", CLOCK_REALTIME);
    timed("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
    return 0;
}
