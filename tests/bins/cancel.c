/* SPDX-License-Identifier: MIT */
/*
 * pthread_cancel (both libcs send a signal, SIGCANCEL, and check or move
 * the interrupted context in its handler): a thread blocked in read() on a
 * pipe, in nanosleep() and in pthread_cond_wait() is cancelled, its cleanup
 * handlers run, and join returns PTHREAD_CANCELED; with cancellation
 * disabled the request waits until it is enabled and tested.
 */
#include "thr.h"
#include <pthread.h>

static int fds[2];
static volatile int cleaned, started, stage;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void cleanup(void *arg)
{
    cleaned += (int)(long)arg;
    if ((long)arg == 100) /* the cond_wait case: the mutex is held again */
        pthread_mutex_unlock(&m);
}

static void *blocker(void *arg)
{
    long what = (long)arg;
    char b;
    struct timespec ts = {5, 0};
    pthread_cleanup_push(cleanup, (void *)(what == 2 ? 100L : 1L));
    started = 1;
    if (what == 0)
        read(fds[0], &b, 1);
    else if (what == 1)
        nanosleep(&ts, NULL);
    else {
        pthread_mutex_lock(&m);
        for (;;)
            pthread_cond_wait(&c, &m);
    }
    pthread_cleanup_pop(0);
    return (void *)7L;
}

static void *disabled(void *arg)
{
    (void)arg;
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    started = 1;
    while (stage == 0)
        t_sleep_ms(1); /* nanosleep is a cancellation point: ignored now */
    stage = 2;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    pthread_testcancel();
    stage = 3; /* not reached */
    return NULL;
}

static void run(const char *what, void *(*fn)(void *), long arg)
{
    pthread_t t;
    void *r = NULL;
    started = 0;
    cleaned = 0;
    pthread_create(&t, NULL, fn, (void *)arg);
    while (!started)
        t_sleep_ms(1);
    t_sleep_ms(10);
    int c1 = pthread_cancel(t);
    if (fn == disabled) {
        t_sleep_ms(20);
        printf("  still running after cancel while disabled: %s\n",
               stage == 0 ? "yes" : "no");
        stage = 1;
    }
    int j = pthread_join(t, &r);
    printf(
        "%s: cancel = %d, join = %d, PTHREAD_CANCELED: %s, cleanup ran: %d\n",
        what, c1, j, r == PTHREAD_CANCELED ? "yes" : "no", cleaned);
}

int main(void)
{
    t_watchdog();
    if (pipe(fds) != 0)
        return 1;
    run("blocked in read", blocker, 0);
    run("blocked in nanosleep", blocker, 1);
    run("blocked in cond_wait", blocker, 2);
    FACT("mutex free again", pthread_mutex_trylock(&m) == 0);
    pthread_mutex_unlock(&m);
    run("cancel disabled", disabled, 0);
    printf("  stage reached: %d\n", stage);
    return 0;
}
