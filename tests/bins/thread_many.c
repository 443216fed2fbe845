/* SPDX-License-Identifier: MIT */
/*
 * Thread creation until it fails: threads with small stacks (64 KiB) that
 * all stay alive, blocked on one futex word, are created until
 * pthread_create fails or 10000 exist (the cap keeps the native run
 * bounded; in the VM, tests/bins/thread_many.opts gives it --mem 64M, where
 * it must run out and fail with EAGAIN, never panic).  Then all are
 * released and joined.
 */
#include "thr.h"
#include <limits.h>
#include <pthread.h>

#define CAP 10000

static uint32_t go;
static volatile int started;
static pthread_t th[CAP];

static void *parked(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
        t_futex(&go, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    return NULL;
}

int main(void)
{
    t_watchdog();
    alarm(25); /* slower than the others in the VM: thousands of threads */
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 65536);
    int n = 0, err = 0;
    while (n < CAP) {
        err = pthread_create(&th[n], &a, parked, NULL);
        if (err)
            break;
        n++;
    }
    if (err == EAGAIN || (err == 0 && n == CAP))
        printf("stopped cleanly with EAGAIN or after %d\n", CAP);
    else
        printf("stopped with %s after %d threads\n", t_errname(err), n);
    FACT("at least 8 threads created", n >= 8);
    __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
    t_futex(&go, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0);
    int joined = 0;
    for (int i = 0; i < n; i++)
        joined += pthread_join(th[i], NULL) == 0;
    FACT("all joined", joined == n);
    FACT("all had started", started == n);
    /* memory is usable again: a few more threads */
    int again = 0;
    for (int i = 0; i < 8; i++)
        if (pthread_create(&th[i], &a, parked, NULL) == 0)
            again++;
    for (int i = 0; i < again; i++)
        pthread_join(th[i], NULL);
    printf("created and joined afterwards: %d\n", again);
    return 0;
}
