/* SPDX-License-Identifier: MIT */
/*
 * Raw FUTEX_WAIT/FUTEX_WAKE between threads: one waiter woken (WAKE returns
 * 1 once it sleeps, the waiter returns 0), four waiters woken one at a
 * time, a waiter with a 5 s timeout woken early, the shared variant (no
 * FUTEX_PRIVATE_FLAG) on MAP_SHARED and private memory; bad addresses.
 */
#include "thr.h"
#include <pthread.h>
#include <sys/mman.h>

struct waiter {
    volatile uint32_t *word;
    int op;
    long long timeout_ns; /* 0: none */
    long ret;
    int err;
    volatile int done;
};

static void *wait_on(void *arg)
{
    struct waiter *w = arg;
    struct timespec ts = {w->timeout_ns / 1000000000,
                          w->timeout_ns % 1000000000};
    w->ret =
        t_futex(w->word, w->op, *w->word, w->timeout_ns ? &ts : NULL, NULL, 0);
    w->err = errno;
    w->done = 1;
    return NULL;
}

/* Wakes the word until n waiters were woken in all; returns the total. */
static long wake_until(volatile uint32_t *word, int op, long n)
{
    long total = 0;
    while (total < n) {
        long r = t_futex(word, op, 1, NULL, NULL, 0);
        if (r < 0)
            return r;
        total += r;
        if (total < n)
            t_sleep_ms(1);
    }
    return total;
}

static void one_waiter(const char *what, volatile uint32_t *word, int op,
                       long long timeout_ns)
{
    struct waiter w = {word, op, timeout_ns, 0, 0, 0};
    pthread_t t;
    long long t0 = t_now(CLOCK_MONOTONIC);
    pthread_create(&t, NULL, wait_on, &w);
    long woken = wake_until(
        word, op == FUTEX_WAIT ? FUTEX_WAKE : FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
        1);
    pthread_join(t, NULL);
    printf("%s: woke %ld, waiter returned %ld %s, before any timeout: %s\n",
           what, woken, w.ret, w.ret < 0 ? t_errname(w.err) : "",
           t_now(CLOCK_MONOTONIC) - t0 < 4000000000ll ? "yes" : "no");
}

int main(void)
{
    t_watchdog();
    static uint32_t priv;
    one_waiter("private", &priv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0);
    one_waiter("private, 5 s timeout", &priv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG,
               5000000000ll);
    one_waiter("shared op on private memory", &priv, FUTEX_WAIT, 0);
    uint32_t *shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        return 1;
    shm[5] = 77;
    one_waiter("shared op on MAP_SHARED memory", &shm[5], FUTEX_WAIT, 0);
    one_waiter("shared, 5 s timeout", &shm[5], FUTEX_WAIT, 5000000000ll);

    struct waiter ws[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        ws[i] =
            (struct waiter){&priv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0};
        pthread_create(&th[i], NULL, wait_on, &ws[i]);
    }
    long total = wake_until(&priv, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 4);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    int zero = 1;
    for (int i = 0; i < 4; i++)
        zero &= ws[i].ret == 0;
    printf("4 waiters woken one at a time: total %ld, all returned 0: %s\n",
           total, zero ? "yes" : "no");
    T("WAKE with nobody left",
      t_futex(&priv, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 100, NULL, NULL, 0));

    /* bad addresses */
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    uint32_t *u = (uint32_t *)gone;
    T("WAIT unmapped",
      t_futex(u, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0));
    T("WAIT shared unmapped", t_futex(u, FUTEX_WAIT, 0, NULL, NULL, 0));
    T("WAKE private unmapped",
      t_futex(u, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
    T("WAKE shared unmapped", t_futex(u, FUTEX_WAKE, 1, NULL, NULL, 0));
    T("WAKE unaligned",
      t_futex((uint32_t *)((char *)&priv + 2), FUTEX_WAKE, 1, NULL, NULL, 0));
    T("WAKE private unaligned",
      t_futex((uint32_t *)((char *)&priv + 1), FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
              1, NULL, NULL, 0));
    T("WAIT kernel address",
      t_futex((uint32_t *)0xffffffff81000000ul, FUTEX_WAIT, 0, NULL, NULL, 0));
    struct timespec neg = {-1, 0};
    T("WAIT negative timeout",
      t_futex(&priv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &neg, NULL, 0));
    T("WAIT timeout pointer bad",
      t_futex(&priv, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, (void *)8, NULL, 0));
    return 0;
}
