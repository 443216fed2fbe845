/* SPDX-License-Identifier: MIT */
/*
 * EINTR versus restart: a periodic SIGALRM (every 10 ms) hits a blocked
 * read of a pipe.  With SA_RESTART the read is restarted after each
 * handler and returns the byte the handler writes at the 3rd signal;
 * without it the read fails with EINTR.  A futex wait without timeout is
 * restarted too (and then sees the word the handler changed: EAGAIN);
 * poll and select are never restarted.  The handler writes in every case
 * after 50 signals, so a wrong restart cannot hang the test.
 */
#include "thr.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/time.h>

static int fds[2];
static volatile int count, write_at;
static uint32_t word;

static void on_alrm(int s)
{
    (void)s;
    if (++count == write_at) {
        word = 1;
        if (write(fds[1], "x", 1) != 1)
            _exit(9);
    }
}

static void arm(long usec)
{
    struct itimerval v = {{0, usec}, {0, usec}};
    setitimer(ITIMER_REAL, &v, NULL);
}

static void run(const char *what, int flags, int at, int call)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_alrm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    count = 0;
    word = 0;
    write_at = at;
    char c;
    long r;
    arm(10000);
    if (call == 0) {
        r = read(fds[0], &c, 1);
    } else if (call == 1) {
        r = t_futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    } else if (call == 2) {
        struct pollfd p = {fds[0], POLLIN, 0};
        r = poll(&p, 1, -1);
    } else {
        fd_set s;
        FD_ZERO(&s);
        FD_SET(fds[0], &s);
        r = select(fds[0] + 1, &s, NULL, NULL, NULL);
    }
    int e = errno;
    arm(0);
    printf("%s: ret %ld %s, handler ran %s\n", what, r,
           r < 0 ? t_errname(e) : "",
           count >= at ? "at least until the write"
           : count     ? "before the return"
                       : "never");
    if (count >= at && call != 0) /* drain the byte */
        read(fds[0], &c, 1);
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    run("read, SA_RESTART", SA_RESTART, 3, 0);
    run("read, no SA_RESTART", 0, 50, 0);
    run("futex wait, SA_RESTART", SA_RESTART, 3, 1);
    run("futex wait, no SA_RESTART", 0, 50, 1);
    run("poll, SA_RESTART", SA_RESTART, 50, 2);
    run("select, SA_RESTART", SA_RESTART, 50, 3);
    return 0;
}
