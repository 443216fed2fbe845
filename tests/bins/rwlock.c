/* SPDX-License-Identifier: MIT */
/*
 * Read-write locks: 4 readers hold the lock at the same time (they meet at
 * a barrier while holding it, which deadlocks if readers exclude each
 * other); trylocks (EBUSY both ways); timed locks (ETIMEDOUT); 4 writers x
 * 300 updates keep two counters equal while 2 readers check them.
 */
#include "thr.h"
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t bar;
static volatile long a, b;
static volatile int torn, stop;

static void *reader_meet(void *arg)
{
    (void)arg;
    pthread_rwlock_rdlock(&rw);
    pthread_barrier_wait(&bar);
    pthread_rwlock_unlock(&rw);
    return NULL;
}

static void *other(void *arg)
{
    long what = (long)arg;
    struct timespec at = t_deadline(CLOCK_REALTIME, 30000000);
    int r = 0;
    switch (what) {
    case 0:
        r = pthread_rwlock_tryrdlock(&rw);
        break;
    case 1:
        r = pthread_rwlock_trywrlock(&rw);
        break;
    case 2:
        r = pthread_rwlock_timedrdlock(&rw, &at);
        break;
    case 3:
        r = pthread_rwlock_timedwrlock(&rw, &at);
        break;
    }
    if (r == 0)
        pthread_rwlock_unlock(&rw);
    return (void *)(long)r;
}

static const char *in_other(long what)
{
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, other, (void *)what);
    pthread_join(t, &r);
    return r ? t_errname((int)(long)r) : "0";
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 300; i++) {
        pthread_rwlock_wrlock(&rw);
        a++;
        for (volatile int k = 0; k < 20; k++)
            ;
        b++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *checker(void *arg)
{
    (void)arg;
    while (!stop) {
        pthread_rwlock_rdlock(&rw);
        if (a != b)
            torn = 1;
        pthread_rwlock_unlock(&rw);
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    t_watchdog();
    pthread_t th[6];
    pthread_barrier_init(&bar, NULL, 4);
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, reader_meet, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    printf("4 readers held the lock together: yes\n");

    T("rdlock", pthread_rwlock_rdlock(&rw));
    printf("read-held: other tryrdlock = %s\n", in_other(0));
    printf("read-held: other trywrlock = %s\n", in_other(1));
    printf("read-held: other timedwrlock 30ms = %s\n", in_other(3));
    T("unlock", pthread_rwlock_unlock(&rw));
    T("wrlock", pthread_rwlock_wrlock(&rw));
    printf("write-held: other tryrdlock = %s\n", in_other(0));
    printf("write-held: other timedrdlock 30ms = %s\n", in_other(2));
    T("unlock", pthread_rwlock_unlock(&rw));
    printf("free: other trywrlock = %s\n", in_other(1));

    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, writer, NULL);
    for (int i = 4; i < 6; i++)
        pthread_create(&th[i], NULL, checker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    stop = 1;
    for (int i = 4; i < 6; i++)
        pthread_join(th[i], NULL);
    printf("writers: a = %ld, b = %ld, readers saw them differ: %s\n", a, b,
           torn ? "yes" : "no");
    T("destroy", pthread_rwlock_destroy(&rw));
    return 0;
}
