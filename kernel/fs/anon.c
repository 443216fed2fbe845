/* SPDX-License-Identifier: MIT */
/*
 * Files with no name (epoll, eventfd, timerfd, signalfd): an inode of
 * their own, outside every directory and uncounted by the root's limits,
 * whose link in /proc/self/fd reads "anon_inode:[name]", as on Linux.
 */
#include "kernel/fs/file.h"

int vfs_anon_fd(const char *name, const struct file_ops *ops, void *priv,
                int flags)
{
    (void)name;
    long err = -ENOMEM;
    struct inode *ino = ramfs_new_inode(0600, VFS_DEV_ANON);
    if (!ino)
        return -ENOMEM;
    ino->fops = ops;
    vfs_iget(ino);
    struct file *f = vfs_open_inode(ino, LX_O_RDWR | (flags & LX_O_NONBLOCK),
                                    &err);
    vfs_iput(ino);
    if (!f)
        return (int)err;
    f->priv = priv;
    int fd = fd_alloc(f, 0, flags);
    if (fd < 0) {
        f->priv = NULL; /* the caller frees priv */
        f->ops = &vfs_anon_closed;
        file_put(f);
    }
    return fd;
}

/* What a file that never became a descriptor closes with. */
const struct file_ops vfs_anon_closed = {0};
