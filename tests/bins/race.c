/* SPDX-License-Identifier: MIT */
/*
 * The racy paths of the concurrency core, many times over in one run (the
 * runner runs it under --smp 1 and --smp 2): each round, four threads
 * increment a counter under a mutex with a yield inside the critical
 * section; two threads hand a token back and forth through raw futexes;
 * eight threads are created and exit at once, and are joined (their
 * CLONE_CHILD_CLEARTID wake races the join); a thread blocked in
 * FUTEX_WAIT is interrupted by a handled signal sent with pthread_kill and
 * goes back to sleep until woken.  Any lost increment, lost wake-up or
 * stuck join shows in the totals or ends the run by the watchdog.  It
 * runs rounds for about 2 s (at least 10, at most 2000), so a fast
 * backend repeats the races more; what it prints does not depend on how
 * many rounds ran.
 */
#include "thr.h"
#include <pthread.h>
#include <sched.h>

#define ADDERS 4
#define ADDS 50
#define HANDOFFS 20
#define STORM 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
    (void)arg;
    for (int i = 0; i < ADDS; i++) {
        pthread_mutex_lock(&lock);
        long c = counter;
        if (i % 8 == 0)
            sched_yield();
        counter = c + 1;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

/* The token: 0 main's turn, 1 the partner's. */
static volatile uint32_t token;

static void pass_to(uint32_t to, uint32_t mine)
{
    __atomic_store_n(&token, to, __ATOMIC_SEQ_CST);
    t_futex(&token, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
    while (__atomic_load_n(&token, __ATOMIC_SEQ_CST) != mine)
        t_futex(&token, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, to, NULL, NULL, 0);
}

static void *partner(void *arg)
{
    (void)arg;
    while (__atomic_load_n(&token, __ATOMIC_SEQ_CST) != 1)
        t_futex(&token, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    for (int i = 0; i < HANDOFFS - 1; i++)
        pass_to(0, 1);
    __atomic_store_n(&token, 0, __ATOMIC_SEQ_CST);
    t_futex(&token, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
    return NULL;
}

static void *quit(void *arg)
{
    return arg;
}

static volatile uint32_t gate;
static volatile int handled, eintr, sleeping;

static void on_usr1(int sig)
{
    (void)sig;
    handled++;
}

static void *sleeper(void *arg)
{
    (void)arg;
    sleeping = 1;
    while (!__atomic_load_n(&gate, __ATOMIC_SEQ_CST))
        if (t_futex(&gate, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL,
                    0) < 0 && errno == EINTR)
            eintr++;
    return NULL;
}

int main(void)
{
    alarm(60); /* a deadlock ends by SIGALRM (status 142) */
    long long t0 = t_now(CLOCK_MONOTONIC);
    int rounds = 0;
    long handoffs = 0, joined = 0;
    struct sigaction sa = {.sa_handler = on_usr1};
    sigaction(SIGUSR1, &sa, NULL);
    for (int r = 0; r < 2000; r++, rounds++) {
        if (r >= 10 && t_now(CLOCK_MONOTONIC) - t0 > 2000000000ll)
            break;
        pthread_t t[STORM];
        for (int i = 0; i < ADDERS; i++)
            pthread_create(&t[i], NULL, adder, NULL);
        for (int i = 0; i < ADDERS; i++)
            pthread_join(t[i], NULL);

        token = 0;
        pthread_create(&t[0], NULL, partner, NULL);
        for (int i = 0; i < HANDOFFS - 1; i++, handoffs++)
            pass_to(1, 0);
        pass_to(1, 0);
        handoffs++;
        pthread_join(t[0], NULL);

        for (long i = 0; i < STORM; i++)
            pthread_create(&t[i], NULL, quit, (void *)i);
        for (long i = 0; i < STORM; i++) {
            void *v;
            pthread_join(t[i], &v);
            joined += v == (void *)i;
        }

        gate = 0;
        sleeping = 0;
        pthread_create(&t[0], NULL, sleeper, NULL);
        while (!sleeping)
            sched_yield();
        t_sleep_ms(2); /* most likely asleep in the futex by now */
        pthread_kill(t[0], SIGUSR1);
        while (handled <= r)
            sched_yield();
        __atomic_store_n(&gate, 1, __ATOMIC_SEQ_CST);
        t_futex(&gate, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
        pthread_join(t[0], NULL);
    }
    FACT("10 rounds or more", rounds >= 10);
    FACT("no increment lost", counter == (long)rounds * ADDERS * ADDS);
    FACT("every handoff made", handoffs == (long)rounds * HANDOFFS);
    FACT("every thread joined with its value", joined == rounds * STORM);
    FACT("one handler run per signal", handled == rounds);
    FACT("futex waits interrupted at most once per signal", eintr <= handled);
    return 0;
}
