/* SPDX-License-Identifier: MIT */
/* File system calls, part 7: timerfd and signalfd (guest only: they need
 * the kernel's timers and signals). */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"

long sys_timerfd_create(int clk, int flags)
{
    return timerfd_create(clk, flags);
}

long sys_timerfd_settime(int fd, int flags, const void *unew, void *uold)
{
    return timerfd_settime(fd, flags, unew, uold);
}

long sys_timerfd_gettime(int fd, void *ucur)
{
    return timerfd_gettime(fd, ucur);
}

long sys_signalfd4(int fd, const uint64_t *mask, uint64_t size, int flags)
{
    return signalfd_create(fd, mask, size, flags);
}

long sys_signalfd(int fd, const uint64_t *mask, uint64_t size)
{
    return signalfd_create(fd, mask, size, 0);
}
