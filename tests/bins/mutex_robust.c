/* SPDX-License-Identifier: MIT */
/*
 * Robust mutexes (the kernel walks a dying thread's robust list): a thread
 * that exits holding one leaves it to the next locker with EOWNERDEAD, also
 * to a locker already blocked in it; pthread_mutex_consistent makes it
 * usable again; unlocking without it leaves it ENOTRECOVERABLE.  The same
 * for a robust PI mutex.
 */
#include "thr.h"
#include <pthread.h>

static pthread_mutex_t m;
static volatile int locked;

static void *take_and_die(void *a)
{
    (void)a;
    pthread_mutex_lock(&m);
    return NULL;
}

static void *hold_then_die(void *a)
{
    (void)a;
    pthread_mutex_lock(&m);
    locked = 1;
    t_sleep_ms(30); /* the main thread blocks in lock meanwhile */
    return NULL;
}

static void dies_holding(void *(*fn)(void *))
{
    pthread_t t;
    pthread_create(&t, NULL, fn, NULL);
    if (fn == take_and_die)
        pthread_join(t, NULL);
    else
        while (!locked)
            t_sleep_ms(1);
    locked = 0;
    int r = pthread_mutex_lock(&m);
    printf("  lock after owner died = %s\n", r ? t_errname(r) : "0");
    if (fn != take_and_die)
        pthread_join(t, NULL);
}

#define E(label, r) printf("%s = %s\n", label, (r) ? t_errname(r) : "0")

static void run(const char *what, int protocol)
{
    pthread_mutexattr_t a;
    int rb = -1;
    printf("%s:\n", what);
    pthread_mutexattr_init(&a);
    E("  setrobust", pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
    pthread_mutexattr_getrobust(&a, &rb);
    FACT("  robust round trip", rb == PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setprotocol(&a, protocol);
    pthread_mutex_init(&m, &a);
    E("  consistent on a consistent mutex", pthread_mutex_consistent(&m));

    dies_holding(take_and_die);
    E("  consistent", pthread_mutex_consistent(&m));
    E("  unlock", pthread_mutex_unlock(&m));
    E("  lock again", pthread_mutex_lock(&m));
    E("  unlock", pthread_mutex_unlock(&m));

    dies_holding(hold_then_die);
    E("  consistent", pthread_mutex_consistent(&m));
    E("  unlock", pthread_mutex_unlock(&m));

    dies_holding(take_and_die);
    E("  unlock without consistent", pthread_mutex_unlock(&m));
    E("  lock", pthread_mutex_lock(&m));
    E("  trylock", pthread_mutex_trylock(&m));
    pthread_mutex_destroy(&m);
}

int main(void)
{
    t_watchdog();
    run("robust", PTHREAD_PRIO_NONE);
    run("robust PI", PTHREAD_PRIO_INHERIT);
    return 0;
}
