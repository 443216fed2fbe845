/* SPDX-License-Identifier: MIT */
/*
 * eventfd: a 64-bit counter.  A read takes the count (or 1, with
 * EFD_SEMAPHORE) and sleeps while it is 0; a write adds and sleeps while
 * the sum would pass 0xfffffffffffffffe.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"

#define EFD_SEMAPHORE 1
#define MAX_COUNT (UINT64_MAX - 1)

struct eventfd {
    uint64_t count;
    bool semaphore;
    struct wait_queue readers, writers;
};

static void changed(struct file *f, struct wait_queue *wq)
{
    wait_wake(wq, -1);
    vfs_poll_wake(f->inode);
}

static long efd_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct eventfd *e = f->priv;
    (void)pos;
    if (it->left < 8)
        return -EINVAL;
    while (!e->count) {
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = wait_sleep(&e->readers, WAIT_FOREVER, 1);
        if (err)
            return err;
    }
    uint64_t v = e->semaphore ? 1 : e->count;
    if (vfs_iter_out(it, &v, 8) != 8)
        return -EFAULT;
    e->count -= v;
    changed(f, &e->writers);
    return 8;
}

static long efd_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct eventfd *e = f->priv;
    uint64_t v;
    (void)pos;
    if (it->left != 8) /* exactly one counter, as Linux 6 wants */
        return -EINVAL;
    if (vfs_iter_in(it, &v, 8) != 8)
        return -EFAULT;
    if (v == UINT64_MAX)
        return -EINVAL;
    while (MAX_COUNT - e->count < v) {
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = wait_sleep(&e->writers, WAIT_FOREVER, 1);
        if (err)
            return err;
    }
    e->count += v;
    if (v)
        changed(f, &e->readers);
    return 8;
}

static unsigned efd_poll(struct file *f)
{
    struct eventfd *e = f->priv;
    unsigned m = 0;
    if (e->count)
        m |= LX_POLLIN | LX_POLLRDNORM;
    if (e->count < MAX_COUNT)
        m |= LX_POLLOUT | LX_POLLWRNORM;
    return m;
}

static void efd_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops eventfd_fops = {
    .read = efd_read,
    .write = efd_write,
    .poll = efd_poll,
    .release = efd_release,
};

long eventfd_create(unsigned initval, int flags)
{
    if (flags & ~(LX_O_CLOEXEC | LX_O_NONBLOCK | EFD_SEMAPHORE))
        return -EINVAL;
    struct eventfd *e = kzalloc(sizeof(*e));
    if (!e)
        return -ENOMEM;
    e->count = initval;
    e->semaphore = flags & EFD_SEMAPHORE;
    int fd = vfs_anon_fd("[eventfd]", &eventfd_fops, e, flags);
    if (fd < 0)
        kfree(e);
    return fd;
}
