/* SPDX-License-Identifier: MIT */
/*
 * signalfd: blocked signals are read as struct signalfd_siginfo (signo,
 * code, pid, uid, sigqueue value); nothing pending is EAGAIN with
 * SFD_NONBLOCK; poll and epoll see it readable; several queued rt signals
 * come out in one read; a second signalfd call changes the mask; a short
 * buffer is EINVAL; a signal read from the fd is no longer pending.
 */
#include "thr.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

static int fd;

static void rd(const char *what, size_t n)
{
    struct signalfd_siginfo s[4];
    memset(s, 0, sizeof s);
    long r = read(fd, s, n);
    printf("%s = %ld", what, r);
    if (r < 0)
        printf(" %s", t_errname(errno));
    for (long i = 0; i < r / (long)sizeof s[0]; i++)
        printf(" [signo %u code %d pid-is-me %d uid-is-mine %d int %d]",
               s[i].ssi_signo, s[i].ssi_code,
               s[i].ssi_pid == (uint32_t)getpid(), s[i].ssi_uid == getuid(),
               s[i].ssi_int);
    printf("\n");
}

int main(void)
{
    t_watchdog();
    printf("sizeof signalfd_siginfo %zu\n", sizeof(struct signalfd_siginfo));
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGRTMIN + 3);
    sigprocmask(SIG_BLOCK, &m, NULL);
    fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
    TOK("signalfd", fd);
    rd("read, nothing pending", sizeof(struct signalfd_siginfo));
    kill(getpid(), SIGUSR1);
    struct pollfd p = {fd, POLLIN, 0};
    T("poll", poll(&p, 1, 0));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 9}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    T("epoll_wait", epoll_wait(ep, &out, 1, 0));
    rd("read 128 bytes", sizeof(struct signalfd_siginfo));
    sigset_t pend;
    sigpending(&pend);
    FACT("USR1 no longer pending", !sigismember(&pend, SIGUSR1));
    T("epoll_wait after the read", epoll_wait(ep, &out, 1, 0));

    for (int i = 1; i <= 3; i++)
        sigqueue(getpid(), SIGRTMIN + 3, (union sigval){.sival_int = i});
    rd("read 2 of 3 queued rt signals", 2 * sizeof(struct signalfd_siginfo));
    rd("read the third", 4 * sizeof(struct signalfd_siginfo));
    raise(SIGUSR1);
    rd("read 100 bytes", 100);
    sigset_t only_rt;
    sigemptyset(&only_rt);
    sigaddset(&only_rt, SIGRTMIN + 3);
    T("signalfd(fd, only RT+3)", signalfd(fd, &only_rt, 0) == fd);
    rd("read, USR1 pending but not in the mask",
       sizeof(struct signalfd_siginfo));
    sigpending(&pend);
    FACT("USR1 still pending", sigismember(&pend, SIGUSR1));
    T("signalfd on a pipe fd", ({
          int pp[2];
          pipe(pp);
          signalfd(pp[0], &m, 0);
      }));
    T("signalfd bad flags", signalfd(-1, &m, 0x1));
    T("raw signalfd4 sigsetsize 4", syscall(SYS_signalfd4, -1, &m, 4, 0));
    signal(SIGUSR1, SIG_IGN);
    return 0;
}
