/* SPDX-License-Identifier: MIT */
/*
 * epoll_create1 and epoll_ctl, and the errors of both and of epoll_wait:
 * ADD twice (EEXIST), MOD and DEL of an fd not in the set (ENOENT), a
 * closed fd (EBADF), an epoll fd that is not one (EINVAL), the epoll fd
 * itself (EINVAL), a regular file (EPERM), a bad op, EPOLLEXCLUSIVE with
 * MOD, a bad event pointer (EFAULT); maxevents 0, a bad buffer.
 */
#include "thr.h"
#include <fcntl.h>
#include <sys/epoll.h>

int main(void)
{
    int p[2];
    if (pipe(p) != 0)
        return 1;
    TOK("epoll_create1(0)", epoll_create1(0));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    TOK("epoll_create1(EPOLL_CLOEXEC)", ep);
    T("  FD_CLOEXEC set", fcntl(ep, F_GETFD) & FD_CLOEXEC);
    T("epoll_create1(bad flag)", epoll_create1(1));
    TOK("epoll_create(0) (musl ignores the size)", epoll_create(0));
    TOK("epoll_create(1)", epoll_create(1));

    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42};
    T("ADD pipe", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    T("ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    T("MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    T("MOD not added", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev));
    T("DEL not added", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev));
    T("DEL", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    T("DEL again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    T("ADD closed fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev));
    T("ctl on a closed epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev));
    T("ctl on a pipe as epfd", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev));
    T("ADD the epfd to itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
    T("bad op", epoll_ctl(ep, 99, p[0], &ev));
    T("ADD NULL event", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], NULL));
    T("ADD bad event pointer", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8));
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    T("ADD EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    T("MOD EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    ev.events = EPOLLIN;

    t_tmp_enter();
    int f = open("file", O_RDWR | O_CREAT, 0600);
    T("ADD a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev));
    close(f);
    unlink("file");
    t_tmp_leave();
    int ep2 = epoll_create1(0);
    T("ADD an epoll fd to another", epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev));
    T("and back (a loop)", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev));

    struct epoll_event out[4];
    T("wait maxevents 0", epoll_wait(ep, out, 0, 0));
    T("wait maxevents -1", syscall(SYS_epoll_wait, ep, out, -1, 0));
    T("wait on a pipe fd", epoll_wait(p[0], out, 4, 0));
    T("wait on a closed fd", epoll_wait(999, out, 4, 0));
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1],
              &(struct epoll_event){.events = EPOLLOUT});
    T("wait with a bad buffer, an event ready",
      syscall(SYS_epoll_wait, ep, (void *)8, 4, 0));
    return 0;
}
