/* SPDX-License-Identifier: MIT */
/*
 * timerfd: a non-blocking read before the timer is armed is EAGAIN; a
 * relative 20 ms timer with a 10 ms interval makes the fd readable (poll)
 * and a read returns the expirations since the last read; timerfd_gettime
 * counts down; a blocking read waits for the expiry; an absolute
 * CLOCK_REALTIME deadline; disarming; the errors.
 */
#include "thr.h"
#include <poll.h>
#include <sys/timerfd.h>

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int main(void)
{
    t_watchdog();
    uint64_t n = 0;
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    TOK("timerfd_create", fd);
    T("read unarmed", read(fd, &n, 8));
    struct itimerspec its = {{0, 10000000}, {0, 20000000}}, cur;
    long long t0 = t_now(CLOCK_MONOTONIC); /* the timer starts after this */
    T("settime 20 ms, then every 10 ms", timerfd_settime(fd, 0, &its, NULL));
    timerfd_gettime(fd, &cur);
    FACT("  gettime: 0 < left <= 20 ms, interval 10 ms",
         ns(&cur.it_value) > 0 && ns(&cur.it_value) <= 20000000 &&
             ns(&cur.it_interval) == 10000000);
    struct pollfd p = {fd, POLLIN, 0};
    T("  poll 0 ms", poll(&p, 1, 0));
    T("  poll 1 s", poll(&p, 1, 1000));
    printf("  revents POLLIN %d, 20 ms after settime %d\n", p.revents == POLLIN,
           t_now(CLOCK_MONOTONIC) - t0 >= 19900000);
    t0 = t_now(CLOCK_MONOTONIC); /* what read takes was there before this */
    T("  read", read(fd, &n, 8));
    FACT("  expirations >= 1", n >= 1);
    t_sleep_ms(55);
    T("  read after 55 ms", read(fd, &n, 8));
    long long most = (t_now(CLOCK_MONOTONIC) - t0) / 10000000 + 1;
    FACT("  expirations in 4 .. elapsed/10ms + 1",
         n >= 4 && (long long)n <= most);
    T("  read 4 bytes", read(fd, &n, 4));

    its = (struct itimerspec){{0, 0}, {0, 0}};
    struct itimerspec old;
    T("disarm", timerfd_settime(fd, 0, &its, &old));
    FACT("  old interval 10 ms", ns(&old.it_interval) == 10000000);
    t_sleep_ms(15);
    T("  read disarmed (settime drops the count)", read(fd, &n, 8));
    close(fd);

    fd = timerfd_create(CLOCK_REALTIME, 0);
    its.it_value = t_deadline(CLOCK_REALTIME, 20000000);
    T("blocking fd, absolute REALTIME +20 ms",
      timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
    T("  blocking read", read(fd, &n, 8));
    printf("  expirations %llu, deadline reached %d\n", (unsigned long long)n,
           t_now(CLOCK_REALTIME) >= ns(&its.it_value));
    its.it_value = (struct timespec){0, 1000000000};
    T("settime bad nsec", timerfd_settime(fd, 0, &its, NULL));
    its.it_value = (struct timespec){0, 1000};
    T("settime bad flags", timerfd_settime(fd, 0x100, &its, NULL));
    T("settime NULL", timerfd_settime(fd, 0, NULL, NULL));
    close(fd);
    T("create bad clock", timerfd_create(12345, 0));
    T("create bad flags", timerfd_create(CLOCK_MONOTONIC, 0x1));
    T("settime on a non-timerfd", timerfd_settime(0, 0, &its, NULL));
    return 0;
}
