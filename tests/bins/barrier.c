/* SPDX-License-Identifier: MIT */
/*
 * pthread barriers: 8 threads pass 5 rounds; in each round exactly one
 * gets PTHREAD_BARRIER_SERIAL_THREAD, and what every thread wrote before
 * the barrier is seen by all after it.  A count of 0 is EINVAL.
 */
#include "thr.h"
#include <pthread.h>

#define N 8
#define ROUNDS 5

static pthread_barrier_t bar;
static int slot[ROUNDS][N];
static volatile int serial[ROUNDS], others[ROUNDS], bad_view, bad_ret;

static void *work(void *arg)
{
    int me = (int)(long)arg;
    for (int r = 0; r < ROUNDS; r++) {
        slot[r][me] = r * 100 + me;
        int ret = pthread_barrier_wait(&bar);
        if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&serial[r], 1, __ATOMIC_SEQ_CST);
        else if (ret == 0)
            __atomic_add_fetch(&others[r], 1, __ATOMIC_SEQ_CST);
        else
            bad_ret = 1;
        for (int k = 0; k < N; k++)
            if (slot[r][k] != r * 100 + k)
                bad_view = 1;
    }
    return NULL;
}

int main(void)
{
    t_watchdog();
    pthread_barrier_t z;
    printf("init count 0 = %s\n", t_errname(pthread_barrier_init(&z, NULL, 0)));
    T("init count 8", pthread_barrier_init(&bar, NULL, N));
    pthread_t th[N];
    for (long i = 0; i < N; i++)
        pthread_create(&th[i], NULL, work, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    for (int r = 0; r < ROUNDS; r++)
        printf("round %d: serial %d, others %d\n", r, serial[r], others[r]);
    FACT("every thread saw all writes after each barrier", !bad_view);
    FACT("no other return value", !bad_ret);
    T("destroy", pthread_barrier_destroy(&bar));
    T("init count 1", pthread_barrier_init(&bar, NULL, 1));
    FACT("count 1: wait returns SERIAL",
         pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD);
    return 0;
}
