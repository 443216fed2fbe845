/* SPDX-License-Identifier: MIT */
/*
 * Readiness.  Whatever can make a file ready (data in a pipe, room in it,
 * stdin, an eventfd or timerfd count, a signal for a signalfd) calls
 * vfs_poll_wake with its inode; poll, select and epoll_wait sleep on one
 * queue and look again at every wake.  The inode's event count tells
 * edge-triggered epoll that something happened since it last looked.
 */
#include "kernel/fs/file.h"

static struct wait_queue pollers;

void vfs_poll_wake(struct inode *ino)
{
    if (ino)
        ino->events++;
    wait_wake(&pollers, -1);
}

int vfs_poll_sleep(uint64_t deadline)
{
    return wait_sleep(&pollers, deadline, 1);
}
