/* SPDX-License-Identifier: MIT */
/*
 * FUTEX_CMP_REQUEUE and FUTEX_REQUEUE: four waiters on word 1 are all moved
 * to word 2 (nr_wake 0, repeated until the moved count reaches 4: then all
 * four are known to sleep); REQUEUE wakes 1 and moves 2 on to word 3; the
 * counts of every later WAKE follow.  CMP_REQUEUE with a stale value is
 * EAGAIN, with a negative count EINVAL.
 */
#include "thr.h"
#include <limits.h>
#include <pthread.h>

#define P FUTEX_PRIVATE_FLAG

static uint32_t w1, w2, w3;
static long rets[4];

static void *waiter(void *arg)
{
    long i = (long)arg;
    rets[i] = t_futex(&w1, FUTEX_WAIT | P, 0, NULL, NULL, 0);
    return NULL;
}

static long requeue(int op, uint32_t *from, int nr_wake, long nr_requeue,
                    uint32_t *to, uint32_t val)
{
    return syscall(SYS_futex, from, op | P, nr_wake, (void *)nr_requeue, to,
                   val);
}

int main(void)
{
    t_watchdog();
    T("CMP_REQUEUE no waiters", requeue(FUTEX_CMP_REQUEUE, &w1, 1, 1, &w2, 0));
    T("CMP_REQUEUE stale value", requeue(FUTEX_CMP_REQUEUE, &w1, 1, 1, &w2, 9));
    T("CMP_REQUEUE nr_wake -1", requeue(FUTEX_CMP_REQUEUE, &w1, -1, 1, &w2, 0));
    T("CMP_REQUEUE nr_requeue -1",
      requeue(FUTEX_CMP_REQUEUE, &w1, 1, -1, &w2, 0));
    T("REQUEUE unaligned target",
      requeue(FUTEX_REQUEUE, &w1, 1, 1, (uint32_t *)((char *)&w2 + 1), 0));

    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, waiter, (void *)i);
    long moved = 0;
    int calls = 0;
    while (moved < 4) {
        long r = requeue(FUTEX_CMP_REQUEUE, &w1, 0, INT_MAX, &w2, 0);
        if (r < 0) {
            printf("CMP_REQUEUE failed: %s\n", t_errname(errno));
            return 1;
        }
        moved += r;
        calls++;
        if (moved < 4)
            t_sleep_ms(1);
    }
    printf("CMP_REQUEUE moved %ld waiters to word 2\n", moved);
    T("WAKE word 1 (moved away)",
      t_futex(&w1, FUTEX_WAKE | P, INT_MAX, NULL, NULL, 0));
    T("REQUEUE word 2 -> 3, wake 1, move 2",
      requeue(FUTEX_REQUEUE, &w2, 1, 2, &w3, 0));
    T("CMP_REQUEUE word 2 -> 3 stale value",
      requeue(FUTEX_CMP_REQUEUE, &w2, 0, 5, &w3, 1));
    T("WAKE word 2, all", t_futex(&w2, FUTEX_WAKE | P, INT_MAX, NULL, NULL, 0));
    T("WAKE word 3, one", t_futex(&w3, FUTEX_WAKE | P, 1, NULL, NULL, 0));
    T("WAKE word 3, all", t_futex(&w3, FUTEX_WAKE | P, INT_MAX, NULL, NULL, 0));
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    int zero = 1;
    for (int i = 0; i < 4; i++)
        zero &= rets[i] == 0;
    FACT("every waiter returned 0", zero);
    return 0;
}
