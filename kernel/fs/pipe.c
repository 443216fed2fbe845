/* SPDX-License-Identifier: MIT */
/*
 * Pipes: a 64 KiB ring buffer on an anonymous FIFO inode, allocated on the
 * first write.  Writes of up to PIPE_BUF bytes are atomic.  A reader of an
 * empty pipe sleeps until a writer writes or the last writer goes; a
 * writer sleeps for room until the last reader goes (then SIGPIPE and
 * EPIPE).  A signal interrupts a sleep that has moved nothing yet.
 */
#include "kernel/fs/file.h"
#include "kernel/signal.h"

#define PIPE_SIZE ((size_t)PIPE_CAPACITY)
#define PIPE_BUF 4096u

struct pipe {
    char *buf;
    size_t head, len; /* ring: len bytes from head */
    unsigned readers, writers;
    struct wait_queue rwait, wwait; /* readers wait for data, writers for
                                     * room */
};

/* Readers and writers and pollers look again. */
static void changed(struct file *f, struct wait_queue *wq)
{
    wait_wake(wq, -1);
    vfs_poll_wake(f->inode);
}

static long pipe_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct pipe *p = f->priv;
    (void)pos;
    if (it->left == 0)
        return 0;
    while (p->len == 0) {
        if (p->writers == 0)
            return 0;
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = wait_sleep(&p->rwait, WAIT_FOREVER, 1);
        if (err)
            return err;
    }
    size_t want = MIN(it->left, p->len), done = 0;
    while (done < want) {
        size_t n = MIN(want - done, PIPE_SIZE - p->head);
        size_t got = vfs_iter_out(it, p->buf + p->head, n);
        p->head = (p->head + got) % PIPE_SIZE;
        p->len -= got;
        done += got;
        if (got < n)
            break;
    }
    if (p->len == 0)
        p->head = 0;
    if (done)
        changed(f, &p->wwait);
    return vfs_iter_result(it, done);
}

/* Sleep until f's pipe has room for need bytes: the room, or -EPIPE (with
 * SIGPIPE) when no reader is left, -EAGAIN when nonblocking, or the
 * signal's -ERESTARTSYS. */
static long room_for(struct file *f, size_t need)
{
    struct pipe *p = f->priv;
    for (;;) {
        if (p->readers == 0) {
            signal_self(LX_SIGPIPE);
            return -EPIPE;
        }
        if (PIPE_SIZE - p->len >= need)
            return (long)(PIPE_SIZE - p->len);
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = wait_sleep(&p->wwait, WAIT_FOREVER, 1);
        if (err)
            return err;
    }
}

static long pipe_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct pipe *p = f->priv;
    (void)pos;
    size_t want = it->left, done = 0;
    if (want == 0)
        return 0;
    if (!p->buf && !(p->buf = kmalloc(PIPE_SIZE)))
        return -ENOMEM;
    while (done < want) {
        /* Up to PIPE_BUF bytes go in at once or not at all. */
        long space = room_for(f, want <= PIPE_BUF ? want : 1);
        if (space < 0)
            return done ? (long)done : space;
        size_t n = MIN(want - done, (size_t)space), moved = 0;
        while (moved < n) {
            size_t tail = (p->head + p->len) % PIPE_SIZE;
            size_t chunk = MIN(n - moved, PIPE_SIZE - tail);
            size_t got = vfs_iter_in(it, p->buf + tail, chunk);
            p->len += got;
            moved += got;
            if (got < chunk)
                break;
        }
        done += moved;
        if (moved)
            changed(f, &p->rwait);
        if (moved < n) /* a bad address */
            return vfs_iter_result(it, done);
    }
    return (long)done;
}

static unsigned pipe_poll(struct file *f)
{
    struct pipe *p = f->priv;
    unsigned m = 0;
    int acc = f->flags & LX_O_ACCMODE;
    if (acc != LX_O_WRONLY) {
        if (p->len)
            m |= LX_POLLIN | LX_POLLRDNORM;
        if (!p->writers)
            m |= LX_POLLHUP;
    }
    if (acc != LX_O_RDONLY) {
        if (PIPE_SIZE - p->len >= PIPE_BUF)
            m |= LX_POLLOUT | LX_POLLWRNORM;
        if (!p->readers)
            m |= LX_POLLERR;
    }
    return m;
}

static long pipe_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    struct pipe *p = f->priv;
    if (cmd != LX_FIONREAD)
        return -ENOTTY;
    int n = (int)p->len;
    return copy_to_user((void *)(uintptr_t)arg, &n, sizeof(n));
}

static int pipe_open(struct inode *ino, struct file *f)
{
    struct pipe *p = ino->priv;
    int acc = f->flags & LX_O_ACCMODE;
    f->priv = p;
    if (acc != LX_O_WRONLY)
        p->readers++;
    if (acc != LX_O_RDONLY)
        p->writers++;
    return 0;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->priv;
    int acc = f->flags & LX_O_ACCMODE;
    if (acc != LX_O_WRONLY && !--p->readers)
        changed(f, &p->wwait); /* writers get EPIPE */
    if (acc != LX_O_RDONLY && !--p->writers)
        changed(f, &p->rwait); /* readers get the end */
    if (!p->readers && !p->writers) { /* a FIFO forgets its data */
        kfree(p->buf);
        p->buf = NULL;
        p->head = p->len = 0;
    }
}

static void pipe_evict(struct inode *ino)
{
    struct pipe *p = ino->priv;
    kfree(p->buf);
    kfree(p);
}

static const struct file_ops pipe_fops = {
    .open = pipe_open,
    .read = pipe_read,
    .write = pipe_write,
    .poll = pipe_poll,
    .ioctl = pipe_ioctl,
    .release = pipe_release,
};

static const struct inode_ops pipe_iops = {
    .evict = pipe_evict,
};

struct inode *pipe_new_inode(uint32_t mode)
{
    struct pipe *p = kzalloc(sizeof(*p));
    struct inode *ino =
        p ? ramfs_new_inode(LX_S_IFIFO | (mode & 07777), VFS_DEV_RAMFS) : NULL;
    if (!ino) {
        kfree(p);
        return NULL;
    }
    ino->fops = &pipe_fops;
    ino->iops = &pipe_iops;
    ino->priv = p;
    return ino;
}

int pipe_create(struct file **rd, struct file **wr, int flags)
{
    struct inode *ino = pipe_new_inode(0600);
    long err = -ENOMEM;
    if (!ino)
        return -ENOMEM;
    ino->dev = VFS_DEV_PIPE;
    vfs_iget(ino); /* hold it while the two ends are made */
    int nb = flags & LX_O_NONBLOCK;
    *rd = vfs_open_inode(ino, LX_O_RDONLY | nb, &err);
    *wr = *rd ? vfs_open_inode(ino, LX_O_WRONLY | nb, &err) : NULL;
    if (*rd && !*wr) {
        file_put(*rd);
        *rd = NULL;
    }
    vfs_iput(ino);
    return *rd ? 0 : (int)err;
}

long pipe_room(struct file *f)
{
    return f->ops == &pipe_fops ? room_for(f, 1) : 0;
}
