/* SPDX-License-Identifier: MIT */
/*
 * exit_group from a thread: while main waits in pthread_join and three
 * other threads sleep in the kernel (futex, nanosleep, read of a pipe),
 * one thread calls exit(3); the whole process ends at once with status 3
 * and nothing after it is printed.
 */
#include "thr.h"
#include <pthread.h>

static int fds[2];
static uint32_t never;
static volatile int asleep;

static void *in_futex(void *a)
{
    (void)a;
    __atomic_add_fetch(&asleep, 1, __ATOMIC_SEQ_CST);
    t_futex(&never, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    printf("futex waiter woke up\n");
    return NULL;
}

static void *in_sleep(void *a)
{
    (void)a;
    __atomic_add_fetch(&asleep, 1, __ATOMIC_SEQ_CST);
    t_sleep_ms(8000);
    printf("sleeper woke up\n");
    return NULL;
}

static void *in_read(void *a)
{
    (void)a;
    char c;
    __atomic_add_fetch(&asleep, 1, __ATOMIC_SEQ_CST);
    read(fds[0], &c, 1);
    printf("reader woke up\n");
    return NULL;
}

static void *ender(void *a)
{
    (void)a;
    while (asleep < 3)
        t_sleep_ms(1);
    t_sleep_ms(20);
    printf("thread calls exit(3)\n");
    exit(3);
}

int main(void)
{
    t_watchdog();
    if (pipe(fds) != 0)
        return 1;
    pthread_t t[4];
    pthread_create(&t[0], NULL, in_futex, NULL);
    pthread_create(&t[1], NULL, in_sleep, NULL);
    pthread_create(&t[2], NULL, in_read, NULL);
    pthread_create(&t[3], NULL, ender, NULL);
    pthread_join(t[3], NULL);
    printf("main: join returned (not reached)\n");
    return 0;
}
