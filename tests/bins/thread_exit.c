/* SPDX-License-Identifier: MIT */
/*
 * Exit of one thread, not the process: a thread's return and its
 * pthread_exit end only that thread; pthread_exit in main while another
 * thread runs leaves the process alive until that last thread ends, and
 * the status is then the last thread's exit() status (5).  (A raw exit(2)
 * of one thread is in clone_cleartid.c: musl's join cannot see one.)
 */
#include "thr.h"
#include <pthread.h>

static volatile int main_gone;

static void *ptexit(void *arg)
{
    (void)arg;
    pthread_exit((void *)3L);
}

static void *last(void *arg)
{
    (void)arg;
    while (!main_gone)
        t_sleep_ms(1);
    t_sleep_ms(50); /* main has long called pthread_exit */
    printf("last thread still running after main's pthread_exit\n");
    exit(5);
}

static void *helper(void *arg)
{
    (void)arg;
    t_sleep_ms(20);
    return (void *)9L;
}

int main(void)
{
    t_watchdog();
    pthread_t t;
    void *r = (void *)-1L;
    pthread_create(&t, NULL, ptexit, NULL);
    T("join a thread that called pthread_exit", pthread_join(t, &r));
    printf("main still running, the thread's value %ld\n", (long)r);
    pthread_create(&t, NULL, helper, NULL);
    pthread_join(t, &r);
    printf("another thread returned %ld\n", (long)r);
    pthread_create(&t, NULL, last, NULL);
    printf("main calls pthread_exit\n");
    main_gone = 1;
    pthread_exit(NULL);
}
