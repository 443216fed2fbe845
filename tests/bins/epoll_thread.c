/* SPDX-License-Identifier: MIT */
/*
 * Blocking waits ended by another thread: a thread blocked in epoll_wait
 * (no timeout) on a pipe wakes when main writes; one blocked in a read of
 * an eventfd wakes when main writes to it; two threads blocked in
 * epoll_wait on separate epoll fds each wake for their own write only.
 */
#include "thr.h"
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static int ep, pfd[2], efd[3], eps[2];
static volatile int done[4];
static volatile long res[4];
static volatile unsigned long long got[4];

static void *epoll_waiter(void *arg)
{
    long i = (long)arg;
    struct epoll_event out;
    int e = i == 0 ? ep : eps[i - 2];
    res[i] = epoll_wait(e, &out, 1, -1);
    got[i] = out.data.u64;
    done[i] = 1;
    return NULL;
}

static void *eventfd_reader(void *arg)
{
    uint64_t v = 0;
    (void)arg;
    res[1] = read(efd[0], &v, 8);
    got[1] = v;
    done[1] = 1;
    return NULL;
}

static void settle(void)
{
    t_sleep_ms(20); /* let the threads reach their waits (not needed for
                     * the result, which is the same either way) */
}

int main(void)
{
    t_watchdog();
    if (pipe(pfd) != 0)
        return 1;
    ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 11};
    epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev);
    pthread_t t[4];
    pthread_create(&t[0], NULL, epoll_waiter, (void *)0L);
    settle();
    printf("epoll waiter still waiting: %s\n", done[0] ? "no" : "yes");
    write(pfd[1], "x", 1);
    pthread_join(t[0], NULL);
    printf("epoll_wait = %ld, data %llu\n", res[0], got[0]);

    efd[0] = eventfd(0, 0);
    pthread_create(&t[1], NULL, eventfd_reader, NULL);
    settle();
    printf("eventfd reader still waiting: %s\n", done[1] ? "no" : "yes");
    uint64_t five = 5;
    write(efd[0], &five, 8);
    pthread_join(t[1], NULL);
    printf("eventfd read = %ld, value %llu\n", res[1], got[1]);

    for (int i = 0; i < 2; i++) {
        efd[i + 1] = eventfd(0, EFD_NONBLOCK);
        eps[i] = epoll_create1(0);
        ev.data.u64 = 100 + i;
        epoll_ctl(eps[i], EPOLL_CTL_ADD, efd[i + 1], &ev);
        pthread_create(&t[2 + i], NULL, epoll_waiter, (void *)(2L + i));
    }
    settle();
    write(efd[2], &five, 8);
    pthread_join(t[3], NULL);
    settle();
    printf("second waiter woke with data %llu; first still waiting: %s\n",
           got[3], done[2] ? "no" : "yes");
    write(efd[1], &five, 8);
    pthread_join(t[2], NULL);
    printf("first waiter woke with data %llu\n", got[2]);
    return 0;
}
