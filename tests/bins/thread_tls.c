/* SPDX-License-Identifier: MIT */
/*
 * Thread-local storage: every thread gets its own copy of __thread variables
 * (initialised from the TLS image, zeroed .tbss), its own errno and its own
 * FS base (arch_prctl ARCH_GET_FS equals pthread_self in both libcs).
 */
#include "thr.h"
#include <fcntl.h>
#include <pthread.h>

#define N 8
#define ARCH_GET_FS 0x1003

static __thread long tv = 1234;
static __thread char zeroed[4096];
static pthread_barrier_t bar;
static uintptr_t bases[N + 1];
static int *errnos[N + 1];
static int ok[N + 1];

static void *work(void *arg)
{
    long i = (long)arg;
    int good = tv == 1234;
    for (int k = 0; k < (int)sizeof zeroed; k++)
        good &= zeroed[k] == 0;
    tv = 1000 + i;
    zeroed[i] = (char)i;
    /* a distinct errno in each thread: odd ones EBADF, even ones ENOENT */
    if (i % 2)
        close(-1);
    else
        open("/no/such/file", O_RDONLY);
    int want = i % 2 ? EBADF : ENOENT;
    errnos[i] = &errno;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &bases[i]);
    good &= bases[i] == (uintptr_t)pthread_self();
    pthread_barrier_wait(&bar); /* all have written before anyone checks */
    good &= tv == 1000 + i && zeroed[i] == (char)i && errno == want;
    for (int k = 0; k < (int)sizeof zeroed; k++)
        good &= k == i || zeroed[k] == 0;
    pthread_barrier_wait(&bar);
    ok[i] = good;
    return NULL;
}

int main(void)
{
    t_watchdog();
    pthread_t th[N];
    pthread_barrier_init(&bar, NULL, N);
    tv = 99;
    for (long i = 0; i < N; i++)
        pthread_create(&th[i], NULL, work, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    int all = 1;
    for (int i = 0; i < N; i++)
        all &= ok[i];
    FACT("each thread saw its own tv, zeroed[] and errno", all);
    FACT("main's tv untouched", tv == 99);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &bases[N]);
    errnos[N] = &errno;
    int distinct = 1;
    for (int i = 0; i <= N; i++)
        for (int j = 0; j < i; j++)
            distinct &= bases[i] != bases[j] && errnos[i] != errnos[j];
    FACT("FS bases and &errno distinct per thread", distinct);
    FACT("main's FS base is pthread_self",
         bases[N] == (uintptr_t)pthread_self());
    return 0;
}
