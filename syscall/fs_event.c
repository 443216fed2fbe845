/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 6: waiting for many things at once.  epoll,
 * eventfd, timerfd and signalfd (kernel/fs/epoll.c, eventfd.c, timerfd.c,
 * signalfd.c).
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/signal.h"
#include "kernel/time.h"

long sys_epoll_create(int size)
{
    return size <= 0 ? -EINVAL : epoll_create(0);
}

long sys_epoll_create1(int flags)
{
    return epoll_create(flags);
}

long sys_epoll_ctl(int epfd, int op, int fd, const void *event)
{
    return epoll_ctl(epfd, op, fd, event);
}

static uint64_t after_ms(int ms)
{
    return ms < 0 ? WAIT_FOREVER
                  : time_monotonic_ns() + (uint64_t)ms * 1000000;
}

long sys_epoll_wait(int epfd, void *events, int max, int timeout_ms)
{
    return epoll_wait(epfd, events, max, after_ms(timeout_ms));
}

/* With a signal mask for the wait, as ppoll. */
static long pwait(int epfd, void *events, int max, uint64_t deadline,
                  const uint64_t *umask, uint64_t size)
{
    uint64_t mask;
    if (umask) {
        if (size != sizeof(mask))
            return -EINVAL;
        if (copy_from_user(&mask, umask, sizeof(mask)))
            return -EFAULT;
        signal_wait_mask(mask);
    }
    long r = epoll_wait(epfd, events, max, deadline);
    if (umask)
        signal_wait_mask_end(r == -EINTR);
    return r;
}

long sys_epoll_pwait(int epfd, void *events, int max, int timeout_ms,
                     const uint64_t *umask, uint64_t size)
{
    return pwait(epfd, events, max, after_ms(timeout_ms), umask, size);
}

long sys_epoll_pwait2(int epfd, void *events, int max,
                      const struct linux_timespec *uts, const uint64_t *umask,
                      uint64_t size)
{
    uint64_t deadline = WAIT_FOREVER;
    if (uts) {
        struct linux_timespec ts;
        if (copy_from_user(&ts, uts, sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        deadline = (uint64_t)ts.tv_sec > UINT64_MAX / 4000000000ULL
                       ? WAIT_FOREVER
                       : time_monotonic_ns() +
                             (uint64_t)ts.tv_sec * 1000000000 +
                             (uint64_t)ts.tv_nsec;
    }
    return pwait(epfd, events, max, deadline, umask, size);
}

long sys_eventfd2(unsigned initval, int flags)
{
    return eventfd_create(initval, flags);
}

long sys_eventfd(unsigned initval)
{
    return eventfd_create(initval, 0);
}
