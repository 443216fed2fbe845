/* SPDX-License-Identifier: MIT */
/*
 * epoll_wait on pipes and an eventfd: level-triggered events repeat while
 * data is there, EPOLLET reports a change once, EPOLLONESHOT once until
 * re-armed with MOD; EPOLLOUT, EPOLLHUP when the writer closes; timeout 0
 * and a 30 ms timeout; closing the last fd removes it from the set;
 * epoll_pwait and epoll_pwait2 with a signal mask.
 */
#include "thr.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static int ep;

static void wait_show(const char *what, int timeout)
{
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, timeout);
    printf("%-34s = %d", what, n);
    if (n < 0)
        printf(" %s", t_errname(errno));
    for (int i = 0; i < n; i++)
        printf(" [data %llu events %#x]", (unsigned long long)out[i].data.u64,
               out[i].events);
    printf("\n");
}

static void add(int fd, unsigned events, unsigned long long data)
{
    struct epoll_event ev = {.events = events, .data.u64 = data};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0)
        printf("ADD: %s\n", t_errname(errno));
}

int main(void)
{
    t_watchdog();
    int a[2], b[2], c[2];
    char buf[16];
    if (pipe(a) || pipe(b) || pipe(c))
        return 1;
    ep = epoll_create1(0);
    add(a[0], EPOLLIN, 1);
    wait_show("level: empty, timeout 0", 0);
    long long t0 = t_now(CLOCK_MONOTONIC);
    wait_show("level: empty, timeout 30 ms", 30);
    FACT("  waited >= 25 ms", t_now(CLOCK_MONOTONIC) - t0 >= 25000000);
    write(a[1], "xy", 2);
    wait_show("level: 2 bytes", 0);
    wait_show("level: again", 0);
    read(a[0], buf, 1);
    wait_show("level: 1 byte left", 0);
    read(a[0], buf, 1);
    wait_show("level: drained", 0);

    add(b[0], EPOLLIN | EPOLLET, 2);
    write(b[1], "x", 1);
    wait_show("edge: 1 byte", 0);
    wait_show("edge: again, no change", 0);
    write(b[1], "y", 1);
    wait_show("edge: another byte", 0);
    read(b[0], buf, 2);

    add(c[0], EPOLLIN | EPOLLONESHOT, 3);
    write(c[1], "x", 1);
    wait_show("oneshot: 1 byte", 0);
    wait_show("oneshot: disabled", 0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = 4};
    T("MOD re-arm", epoll_ctl(ep, EPOLL_CTL_MOD, c[0], &ev));
    wait_show("oneshot: re-armed", 0);
    read(c[0], buf, 1);

    add(a[1], EPOLLOUT, 5);
    wait_show("pipe write end: EPOLLOUT", 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, a[1], NULL);
    close(b[1]);
    wait_show("writer closed: EPOLLHUP", 0);
    close(b[0]);
    wait_show("closed fd left the set", 0);

    int efd = eventfd(0, EFD_NONBLOCK);
    add(efd, EPOLLIN | EPOLLOUT, 6);
    wait_show("eventfd 0: writable only", 0);
    uint64_t one = 1;
    write(efd, &one, 8);
    wait_show("eventfd 1: readable too", 0);
    struct epoll_event out[4];
    T("epoll_wait maxevents 1", epoll_wait(ep, out, 1, 0));

    sigset_t block, empty;
    sigemptyset(&block);
    sigemptyset(&empty);
    sigaddset(&block, SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    T("epoll_pwait, mask", epoll_pwait(ep, out, 4, 0, &block));
    struct timespec ts = {0, 20000000};
    epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL);
    t0 = t_now(CLOCK_MONOTONIC);
    T("epoll_pwait2 20 ms, nothing ready",
      syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8));
    FACT("  waited >= 15 ms", t_now(CLOCK_MONOTONIC) - t0 >= 15000000);
    ts.tv_nsec = 1000000000;
    T("epoll_pwait2 bad timeout",
      syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8));
    T("epoll_pwait bad sigsetsize",
      syscall(SYS_epoll_pwait, ep, out, 4, 0, &empty, 4));
    return 0;
}
