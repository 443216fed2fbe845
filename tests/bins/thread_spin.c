/* SPDX-License-Identifier: MIT */
/*
 * Preemption: a thread that spins without a syscall must not starve the
 * others.  Main spins on a flag that a thread sets after a 20 ms sleep;
 * then two threads each spin until the other has started; then main spins
 * 4 times on a counter that 4 threads bump after sleeping.  On one vCPU
 * (tests/bins/thread_spin.opts has --smp 1 and --smp 2) each step ends only
 * if the scheduler takes the CPU from the spinner.
 */
#include "thr.h"
#include <pthread.h>

static volatile int flag, a_started, b_started, bumps;

static void *setter(void *arg)
{
    (void)arg;
    t_sleep_ms(20);
    flag = 1;
    return NULL;
}

static void *spin_a(void *arg)
{
    (void)arg;
    a_started = 1;
    while (!b_started)
        ;
    return NULL;
}

static void *spin_b(void *arg)
{
    (void)arg;
    b_started = 1;
    while (!a_started)
        ;
    return NULL;
}

static void *bumper(void *arg)
{
    t_sleep_ms(5 * (long)arg);
    __atomic_add_fetch(&bumps, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(void)
{
    t_watchdog();
    pthread_t t, u, th[4];
    pthread_create(&t, NULL, setter, NULL);
    while (!flag)
        ;
    pthread_join(t, NULL);
    printf("main's spin ended by a sleeping thread's store: yes\n");

    pthread_create(&t, NULL, spin_a, NULL);
    pthread_create(&u, NULL, spin_b, NULL);
    pthread_join(t, NULL);
    pthread_join(u, NULL);
    printf("two spinners each saw the other start: yes\n");

    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, bumper, (void *)(i + 1));
    for (int want = 1; want <= 4; want++)
        while (__atomic_load_n(&bumps, __ATOMIC_SEQ_CST) < want)
            ;
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    printf("main spun through 4 bumps: %d\n", bumps);
    return 0;
}
