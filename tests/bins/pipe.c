/* SPDX-License-Identifier: MIT */
/* pipe/pipe2, poll, FIONREAD, O_NONBLOCK, EOF and EPIPE. */
#include "t.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <time.h>

static long ms_since(struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int main(void)
{
    int p[2], q[2], n = -1;
    char buf[128];
    T("pipe", pipe(p));
    printf("  fds %d %d\n", p[0], p[1]);
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    T("poll empty", poll(pf, 2, 0));
    printf("  revents %#x %#x\n", pf[0].revents, pf[1].revents);
    T("FIONREAD empty", (ioctl(p[0], FIONREAD, &n), n));
    T("write 5", write(p[1], "hello", 5));
    T("FIONREAD", (ioctl(p[0], FIONREAD, &n), n));
    T("poll readable", poll(pf, 1, 1000));
    printf("  revents %#x\n", pf[0].revents);
    T("read 3", read(p[0], buf, 3));
    T("read rest", read(p[0], buf, sizeof buf));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    T("poll timeout 20ms", poll(pf, 1, 20));
    FACT("waited >= 20ms", ms_since(&t0) >= 20);
    T("read on write end", read(p[1], buf, 1));
    T("write on read end", write(p[0], "x", 1));
    T("lseek on pipe", lseek(p[0], 0, SEEK_SET));
    T("close write end", close(p[1]));
    T("poll after close", poll(pf, 1, 0));
    printf("  revents %#x\n", pf[0].revents);
    T("read EOF", read(p[0], buf, sizeof buf));
    T("pipe2 O_CLOEXEC|O_NONBLOCK", pipe2(q, O_CLOEXEC | O_NONBLOCK));
    T("F_GETFD", fcntl(q[0], F_GETFD));
    T("F_GETFL nonblock", fcntl(q[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    T("read empty nonblock", read(q[0], buf, 1));
    long total = 0, r;
    while ((r = write(q[1], buf, sizeof buf)) > 0)
        total += r;
    printf("fill until %s, capacity >= 4096: %s\n", t_errname(errno),
           total >= 4096 ? "yes" : "no");
    pf[1].fd = q[1];
    T("poll full write end", poll(&pf[1], 1, 0));
    T("pipe2 bad flags", pipe2(q, 0x1));
    signal(SIGPIPE, SIG_IGN);
    close(q[0]);
    T("write no reader", write(q[1], "x", 1));
    T("poll no reader", poll(&pf[1], 1, 0));
    printf("  revents %#x\n", pf[1].revents);
    pf[0].fd = 99;
    T("poll bad fd", poll(pf, 1, 0));
    printf("  revents %#x\n", pf[0].revents);
    pf[0].fd = -1;
    T("poll negative fd ignored", poll(pf, 1, 0));
    printf("  revents %#x\n", pf[0].revents);
    return 0;
}
