/* SPDX-License-Identifier: MIT */
/*
 * Unnamed semaphores between threads: sem_wait woken by another thread's
 * sem_post, a ping-pong of 200 rounds on two semaphores, sem_trywait
 * (EAGAIN at zero), sem_timedwait (ETIMEDOUT after the deadline, EINVAL for
 * a bad one, at once when the value is positive), sem_getvalue.
 */
#include "thr.h"
#include <pthread.h>
#include <semaphore.h>

static sem_t ping, pong, start;
static int rounds_seen;

static void *player(void *arg)
{
    (void)arg;
    sem_post(&start);
    for (int i = 0; i < 200; i++) {
        sem_wait(&ping);
        rounds_seen++;
        sem_post(&pong);
    }
    return NULL;
}

static void *late_post(void *arg)
{
    t_sleep_ms(20);
    sem_post(arg);
    return NULL;
}

int main(void)
{
    t_watchdog();
    int v = -1;
    T("sem_init 0", sem_init(&ping, 0, 0));
    sem_init(&pong, 0, 0);
    sem_init(&start, 0, 0);
    T("sem_trywait at 0", sem_trywait(&ping));
    pthread_t t;
    pthread_create(&t, NULL, late_post, &ping);
    T("sem_wait woken by a post", sem_wait(&ping));
    pthread_join(t, NULL);
    sem_getvalue(&ping, &v);
    T("value after", v);

    pthread_create(&t, NULL, player, NULL);
    sem_wait(&start);
    int order_ok = 1;
    for (int i = 0; i < 200; i++) {
        sem_post(&ping);
        sem_wait(&pong);
        order_ok &= rounds_seen == i + 1;
    }
    pthread_join(t, NULL);
    printf("ping-pong: %d rounds, in step: %s\n", rounds_seen,
           order_ok ? "yes" : "no");

    struct timespec at = t_deadline(CLOCK_REALTIME, 30000000);
    long long t0 = t_now(CLOCK_MONOTONIC);
    T("sem_timedwait 30ms at 0", sem_timedwait(&ping, &at));
    FACT("  waited >= 25ms", t_now(CLOCK_MONOTONIC) - t0 >= 25000000);
    struct timespec bad = {0, 1000000000};
    T("sem_timedwait bad nsec at 0", sem_timedwait(&ping, &bad));
    for (int i = 0; i < 3; i++)
        sem_post(&ping);
    sem_getvalue(&ping, &v);
    T("value after 3 posts", v);
    struct timespec past = {0, 0};
    T("sem_timedwait past deadline, value 3", sem_timedwait(&ping, &past));
    T("sem_trywait", sem_trywait(&ping));
    T("sem_wait", sem_wait(&ping));
    sem_getvalue(&ping, &v);
    T("value", v);
    pthread_create(&t, NULL, late_post, &ping);
    at = t_deadline(CLOCK_REALTIME, 5000000000ll);
    T("sem_timedwait 5s woken by a post", sem_timedwait(&ping, &at));
    pthread_join(t, NULL);
    T("sem_destroy", sem_destroy(&ping));
    return 0;
}
