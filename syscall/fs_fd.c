/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 3: descriptors.  dup, fcntl, pipe, ioctl, and
 * the advisory calls (flock, fadvise64), plus sendfile.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"

struct lx_flock {
    int16_t l_type;
    int16_t l_whence;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
};

static long dup_to(struct file *f, int minfd, int flags)
{
    file_get(f);
    int fd = fd_alloc(f, minfd, flags);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_dup(int fd)
{
    struct file *f = fd_get(fd);
    return f ? dup_to(f, 0, 0) : -EBADF;
}

long sys_dup3(int oldfd, int newfd, int flags)
{
    if (flags & ~LX_O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    if (newfd < 0 || (unsigned)newfd >= fd_get_limit())
        return -EBADF;
    struct file *f = fd_get(oldfd);
    if (!f)
        return -EBADF;
    file_get(f);
    long r = fd_install_at(newfd, f, flags);
    if (r < 0)
        file_put(f);
    return r;
}

long sys_dup2(int oldfd, int newfd)
{
    if (oldfd == newfd)
        return fd_get(oldfd) ? newfd : -EBADF;
    return sys_dup3(oldfd, newfd, 0);
}

static bool is_fifo(struct file *f)
{
    return (f->inode->mode & LX_S_IFMT) == LX_S_IFIFO;
}

/* STUB: record locks always succeed: there is one process, so no lock
 * can ever conflict.  F_GETLK reports the range unlocked. */
static long lock_stub(struct file *f, int cmd, void *ufl)
{
    struct lx_flock fl;
    if (copy_from_user(&fl, ufl, sizeof(fl)) < 0)
        return -EFAULT;
    if (fl.l_type != LX_F_RDLCK && fl.l_type != LX_F_WRLCK &&
        fl.l_type != LX_F_UNLCK)
        return -EINVAL;
    if (cmd == LX_F_GETLK || cmd == LX_F_OFD_GETLK) {
        fl.l_type = LX_F_UNLCK;
        return copy_to_user(ufl, &fl, sizeof(fl));
    }
    if ((fl.l_type == LX_F_RDLCK && !FILE_CAN_READ(f)) ||
        (fl.l_type == LX_F_WRLCK && !FILE_CAN_WRITE(f)))
        return -EBADF;
    return 0;
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
    const int setfl_mask =
        LX_O_APPEND | LX_O_NONBLOCK | LX_O_DIRECT | LX_O_NOATIME | LX_O_ASYNC;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    bool opath = f->flags & LX_O_PATH;
    switch (cmd) {
    case LX_F_DUPFD:
    case LX_F_DUPFD_CLOEXEC:
        if (arg >= fd_get_limit())
            return -EINVAL;
        return dup_to(f, (int)arg, cmd == LX_F_DUPFD ? 0 : LX_O_CLOEXEC);
    case LX_F_GETFD:
        return fd_get_cloexec(fd) ? LX_FD_CLOEXEC : 0;
    case LX_F_SETFD:
        return fd_set_cloexec(fd, arg & LX_FD_CLOEXEC);
    case LX_F_GETFL:
        return f->flags;
    }
    if (opath)
        return -EBADF;
    switch (cmd) {
    case LX_F_SETFL:
        f->flags =
            (f->flags & ~(uint32_t)setfl_mask) | ((uint32_t)arg & setfl_mask);
        return 0;
    case LX_F_GETLK:
    case LX_F_SETLK:
    case LX_F_SETLKW:
    case LX_F_OFD_GETLK:
    case LX_F_OFD_SETLK:
    case LX_F_OFD_SETLKW:
        return lock_stub(f, cmd, (void *)arg);
    case LX_F_GETOWN:
    case LX_F_GETSIG:
        return 0;
    case LX_F_SETOWN:
    case LX_F_SETSIG:
        return 0; /* STUB: no SIGIO without async I/O */
    case LX_F_GETPIPE_SZ:
        return is_fifo(f) ? PIPE_CAPACITY : -EBADF;
    case LX_F_SETPIPE_SZ:
        if (!is_fifo(f))
            return -EBADF;
        return arg <= PIPE_CAPACITY ? PIPE_CAPACITY : -EPERM;
    }
    return -EINVAL;
}

long sys_pipe2(int *ufds, int flags)
{
    struct file *rd, *wr;
    if (flags & ~(LX_O_CLOEXEC | LX_O_NONBLOCK | LX_O_DIRECT))
        return -EINVAL;
    long err = pipe_create(&rd, &wr, flags);
    if (err < 0)
        return err;
    int fds[2] = {fd_alloc(rd, 0, flags), -1};
    if (fds[0] >= 0 && (fds[1] = fd_alloc(wr, 0, flags)) >= 0 &&
        copy_to_user(ufds, fds, sizeof(fds)) == 0)
        return 0;
    err = fds[0] < 0 ? fds[0] : fds[1] < 0 ? fds[1] : -EFAULT;
    if (fds[0] >= 0)
        fd_close(fds[0]);
    else
        file_put(rd);
    if (fds[1] >= 0)
        fd_close(fds[1]);
    else
        file_put(wr);
    return err;
}

long sys_pipe(int *fds)
{
    return sys_pipe2(fds, 0);
}

long sys_ioctl(int fd, unsigned cmd, unsigned long arg)
{
    struct file *f = fd_get(fd);
    int on;
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    switch (cmd) {
    case LX_FIOCLEX:
    case LX_FIONCLEX:
        return fd_set_cloexec(fd, cmd == LX_FIOCLEX);
    case LX_FIONBIO:
    case LX_FIOASYNC: {
        uint32_t bit = cmd == LX_FIONBIO ? LX_O_NONBLOCK : LX_O_ASYNC;
        if (copy_from_user(&on, (void *)arg, sizeof(on)) < 0)
            return -EFAULT;
        f->flags = on ? f->flags | bit : f->flags & ~bit;
        return 0;
    }
    }
    if (!f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, cmd, arg);
}

/* STUB: flock always succeeds: one process cannot conflict with itself
 * (a second open file description could, on Linux). */
long sys_flock(int fd, int op)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    int kind = op & ~LX_LOCK_NB;
    if (kind != LX_LOCK_SH && kind != LX_LOCK_EX && kind != LX_LOCK_UN)
        return -EINVAL;
    return 0;
}

long sys_fadvise64(int fd, int64_t off, int64_t len, int advice)
{
    (void)off;
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    if (is_fifo(f))
        return -ESPIPE;
    if (advice < 0 || advice > 5 || len < 0)
        return -EINVAL;
    return 0; /* everything is in memory already */
}

#define SENDFILE_CHUNK 65536u

/* count bytes of in from pos to out; *done says how many went. */
static long transfer(struct file *in, struct file *out, uint64_t pos,
                     size_t count, size_t *done)
{
    struct vfs_iter it;
    /* Into a pipe, as Linux splices: at most what fits once it has room. */
    long r = count ? pipe_room(out) : 0;
    if (r < 0)
        return r;
    if (r > 0)
        count = MIN(count, (size_t)r);
    char *buf = kmalloc(MIN(count, SENDFILE_CHUNK) + 1);
    if (!buf)
        return -ENOMEM;
    r = 0;
    while (*done < count) {
        size_t want = MIN(count - *done, SENDFILE_CHUNK);
        uint64_t p = pos + *done;
        vfs_iter_init(&it, buf, want, true);
        r = in->ops->read(in, &it, &p);
        if (r <= 0)
            break;
        size_t got = (size_t)r;
        vfs_iter_init(&it, buf, got, true);
        r = out->ops->write(out, &it, &out->pos);
        if (r <= 0)
            break;
        *done += (size_t)r;
        if ((size_t)r < got || got < want)
            break;
    }
    kfree(buf);
    return r;
}

long sys_sendfile(int out_fd, int in_fd, int64_t *uoff, size_t count)
{
    struct file *in = fd_get(in_fd), *out = fd_get(out_fd);
    int64_t off = 0;
    if (!in || !FILE_CAN_READ(in) || !out || !FILE_CAN_WRITE(out))
        return -EBADF;
    if (!in->ops->read || !in->ops->llseek || !out->ops->write ||
        (out->flags & LX_O_APPEND))
        return -EINVAL;
    if (uoff && copy_from_user(&off, uoff, sizeof(off)) < 0)
        return -EFAULT;
    if (off < 0)
        return -EINVAL;
    size_t done = 0;
    file_get(in); /* as do_io in fs.c: the pipe may make the call sleep */
    file_get(out);
    long r = transfer(in, out, uoff ? (uint64_t)off : in->pos,
                      MIN(count, VFS_MAX_RW), &done);
    if (!uoff)
        in->pos += done;
    file_put(in);
    file_put(out);
    if (uoff) {
        off += (int64_t)done;
        if (copy_to_user(uoff, &off, sizeof(off)) < 0)
            return -EFAULT;
    }
    return done ? (long)done : r;
}
