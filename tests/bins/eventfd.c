/* SPDX-License-Identifier: MIT */
/*
 * eventfd: writes add to the counter and a read takes all of it; with
 * EFD_SEMAPHORE a read takes 1; reading 0 is EAGAIN with EFD_NONBLOCK;
 * writing 2^64-1 is EINVAL and an overflowing write EAGAIN; short buffers
 * are EINVAL; poll readiness follows the counter; the initial value;
 * eventfd2 flags.
 */
#include "thr.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>

static int fd;

static void rd(const char *what)
{
    uint64_t v = 0;
    long r = read(fd, &v, 8);
    if (r < 0)
        printf("%s = -1 %s\n", what, t_errname(errno));
    else
        printf("%s = %ld, value %llu\n", what, r, (unsigned long long)v);
}

static long wr(uint64_t v)
{
    return write(fd, &v, 8);
}

static void readiness(const char *what)
{
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    printf("%s: POLLIN %d POLLOUT %d\n", what, !!(p.revents & POLLIN),
           !!(p.revents & POLLOUT));
}

int main(void)
{
    fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    TOK("eventfd(0, NONBLOCK|CLOEXEC)", fd);
    T("  O_NONBLOCK", !!(fcntl(fd, F_GETFL) & O_NONBLOCK));
    rd("read at 0");
    readiness("at 0");
    T("write 3", wr(3));
    T("write 4", wr(4));
    readiness("at 7");
    rd("read");
    rd("read again");
    T("write 2^64-1", wr(~0ull));
    T("write 2^64-2", wr(~0ull - 1));
    readiness("at max");
    T("write 1 more (would overflow)", wr(1));
    rd("read max");
    uint32_t small = 1;
    T("write 4 bytes", write(fd, &small, 4));
    T("read 4 bytes", read(fd, &small, 4));
    uint64_t big[2] = {5, 0};
    T("write 16 bytes", write(fd, big, 16));
    rd("read after it");
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    TOK("eventfd(3, SEMAPHORE|NONBLOCK)", fd);
    rd("sem read 1");
    rd("sem read 2");
    rd("sem read 3");
    rd("sem read 4");
    close(fd);

    fd = eventfd(9, 0);
    rd("blocking fd, initial 9");
    close(fd);
    T("eventfd bad flags", eventfd(0, 0x4));
    TOK("eventfd (old syscall 284)", fd = syscall(SYS_eventfd, 2));
    rd("  read");
    return 0;
}
