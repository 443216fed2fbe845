/* SPDX-License-Identifier: MIT */
/*
 * pthread_create and pthread_join of 1, 8 and 64 threads, with their return
 * values; pthread_self and gettid distinct per thread and gettid != getpid
 * off the main thread (all the threads are alive at once, so no id can be
 * reused); detached threads, by attribute and by pthread_detach.
 */
#include "thr.h"
#include <pthread.h>

#define MAX 64

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pid_t tids[MAX];
static pthread_t selves[MAX];
static int main_tid;

static void *work(void *arg)
{
    long i = (long)arg;
    tids[i] = t_gettid();
    selves[i] = pthread_self();
    /* wait until every thread of the round exists */
    pthread_mutex_lock(&gate);
    pthread_mutex_unlock(&gate);
    return (void *)(i * i + 7);
}

static void round_of(int n)
{
    pthread_t th[MAX];
    int created = 0, joined = 0, right = 0, distinct = 1, not_pid = 1;
    pthread_mutex_lock(&gate);
    for (long i = 0; i < n; i++)
        if (pthread_create(&th[i], NULL, work, (void *)i) == 0)
            created++;
    pthread_mutex_unlock(&gate);
    for (int i = 0; i < created; i++) {
        void *ret;
        if (pthread_join(th[i], &ret) == 0)
            joined++;
        right += ret == (void *)((long)i * i + 7);
    }
    for (int i = 0; i < created; i++) {
        not_pid &= tids[i] != getpid() && tids[i] != main_tid && tids[i] > 0;
        distinct &= pthread_equal(selves[i], th[i]) &&
                    !pthread_equal(selves[i], pthread_self());
        for (int j = 0; j < i; j++)
            distinct &=
                tids[i] != tids[j] && !pthread_equal(selves[i], selves[j]);
    }
    printf("%d threads: created %d, joined %d, return values right %d\n", n,
           created, joined, right);
    printf("  tids and pthread_self distinct: %s\n", distinct ? "yes" : "no");
    printf("  no thread has the pid or the main tid: %s\n",
           not_pid ? "yes" : "no");
}

static pthread_mutex_t dm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dc = PTHREAD_COND_INITIALIZER;
static int detached_ran;

static void *detached(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&dm);
    detached_ran++;
    pthread_cond_signal(&dc);
    pthread_mutex_unlock(&dm);
    return NULL;
}

int main(void)
{
    t_watchdog();
    main_tid = t_gettid();
    FACT("main: gettid == getpid", main_tid == getpid());
    round_of(1);
    round_of(8);
    round_of(64);

    pthread_attr_t a;
    int st = -1;
    pthread_attr_init(&a);
    T("attr setdetachstate",
      pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED));
    pthread_attr_getdetachstate(&a, &st);
    FACT("attr says detached", st == PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int fails = 0;
    for (int i = 0; i < 4; i++)
        fails += pthread_create(&t, &a, detached, NULL) != 0;
    for (int i = 0; i < 4; i++) {
        fails += pthread_create(&t, NULL, detached, NULL) != 0;
        fails += pthread_detach(t) != 0;
    }
    pthread_attr_destroy(&a);
    pthread_mutex_lock(&dm);
    while (detached_ran < 8)
        pthread_cond_wait(&dc, &dm);
    pthread_mutex_unlock(&dm);
    printf("detached threads ran: %d, failures: %d\n", detached_ran, fails);
    FACT("main thread still gettid == getpid", t_gettid() == getpid());
    return 0;
}
