/* SPDX-License-Identifier: MIT */
/*
 * FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET between threads: waiters with
 * bitsets 0x1 (absolute CLOCK_MONOTONIC deadline 5 s ahead), 0x2 (absolute
 * CLOCK_REALTIME deadline, FUTEX_CLOCK_REALTIME), 0x3 (no deadline), a plain
 * FUTEX_WAIT (matches any bitset) and 0x8; WAKE_BITSET with a mask wakes
 * only the matching ones (woken repeatedly until all the matching ones
 * are, so a wrong match shows as a wrong set): 0x2 wakes B, C and D, then
 * 0x1 wakes A, then a plain WAKE wakes E.
 */
#include "thr.h"
#include <limits.h>
#include <pthread.h>

#define P FUTEX_PRIVATE_FLAG
#define W 5

static uint32_t word;
static const char *names[W] = {"A(0x1,mono)", "B(0x2,real)", "C(0x3)",
                               "D(plain)", "E(0x8)"};
static long rets[W];
static volatile int done[W];

static void *waiter(void *arg)
{
    long i = (long)arg;
    struct timespec at;
    switch (i) {
    case 0:
        at = t_deadline(CLOCK_MONOTONIC, 5000000000ll);
        rets[i] = t_futex(&word, FUTEX_WAIT_BITSET | P, 0, &at, NULL, 0x1);
        break;
    case 1:
        at = t_deadline(CLOCK_REALTIME, 5000000000ll);
        rets[i] = t_futex(&word, FUTEX_WAIT_BITSET | P | FUTEX_CLOCK_REALTIME,
                          0, &at, NULL, 0x2);
        break;
    case 2:
        rets[i] = t_futex(&word, FUTEX_WAIT_BITSET | P, 0, NULL, NULL, 0x3);
        break;
    case 3:
        rets[i] = t_futex(&word, FUTEX_WAIT | P, 0, NULL, NULL, 0);
        break;
    case 4:
        rets[i] = t_futex(&word, FUTEX_WAIT_BITSET | P, 0, NULL, NULL, 0x8);
        break;
    }
    __atomic_store_n(&done[i], 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int count_done(void)
{
    int n = 0;
    for (int i = 0; i < W; i++)
        n += done[i];
    return n;
}

/* Wakes with the mask until n more were woken, waits until they report. */
static void phase(const char *what, int op, uint32_t mask, long n)
{
    int before = count_done();
    long total = 0;
    while (total < n) {
        long r = t_futex(&word, op | P, INT_MAX, NULL, NULL, mask);
        if (r < 0) {
            printf("%s: %s\n", what, t_errname(errno));
            exit(1);
        }
        total += r;
        if (total < n)
            t_sleep_ms(1);
    }
    while (count_done() < before + n)
        t_sleep_ms(1);
    printf("%s woke %ld; done now:", what, total);
    for (int i = 0; i < W; i++)
        if (done[i])
            printf(" %s=%ld", names[i], rets[i]);
    printf("\n");
}

int main(void)
{
    t_watchdog();
    T("WAKE_BITSET mask 0",
      t_futex(&word, FUTEX_WAKE_BITSET | P, 1, NULL, NULL, 0));
    T("WAKE_BITSET nobody",
      t_futex(&word, FUTEX_WAKE_BITSET | P, 1, NULL, NULL, 0x1));
    pthread_t th[W];
    for (long i = 0; i < W; i++)
        pthread_create(&th[i], NULL, waiter, (void *)i);
    long long t0 = t_now(CLOCK_MONOTONIC);
    phase("WAKE_BITSET 0x2", FUTEX_WAKE_BITSET, 0x2, 3);
    phase("WAKE_BITSET 0x1", FUTEX_WAKE_BITSET, 0x1, 1);
    phase("WAKE plain", FUTEX_WAKE, 0, 1);
    for (int i = 0; i < W; i++)
        pthread_join(th[i], NULL);
    FACT("no deadline reached", t_now(CLOCK_MONOTONIC) - t0 < 4000000000ll);
    return 0;
}
