/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 1: moving data (read, write and their vector
 * and positional forms, lseek, getdents64), open, close, truncate, sync.
 * Handlers only decode arguments; kernel/fs/ does the work.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/fs/hostfs.h"

/* Whether open file f (NULL: a bad fd) may be read (write false) or
 * written: 0 or -errno. */
static long io_check(const struct file *f, bool write)
{
    if (!f || (write ? !FILE_CAN_WRITE(f) : !FILE_CAN_READ(f)))
        return -EBADF;
    if (write ? !f->ops->write : !f->ops->read)
        return -EINVAL;
    return 0;
}

/* The open file of fd for reading (write false) or writing. */
static long io_file(int fd, bool write, struct file **out)
{
    *out = fd_get(fd);
    return io_check(*out, write);
}

/* The call holds a reference of its own, as Linux's fdget does: a
 * read or write that sleeps (a pipe, the console) keeps its file when
 * another thread closes the fd meanwhile. */
static long do_io(struct file *f, struct vfs_iter *it, uint64_t *pos,
                  bool write)
{
    file_get(f);
    long r = write ? f->ops->write(f, it, pos) : f->ops->read(f, it, pos);
    file_put(f);
    return r;
}

long sys_read(int fd, void *buf, size_t count)
{
    struct file *f;
    struct vfs_iter it;
    long err = io_file(fd, false, &f);
    if (err < 0)
        return err;
    vfs_iter_init(&it, buf, count, false);
    return do_io(f, &it, &f->pos, false);
}

long sys_write(int fd, const void *buf, size_t count)
{
    struct file *f;
    struct vfs_iter it;
    long err = io_file(fd, true, &f);
    if (err < 0)
        return err;
    vfs_iter_init(&it, (void *)buf, count, false);
    return do_io(f, &it, &f->pos, true);
}

static long prw(int fd, void *buf, size_t count, int64_t off, bool write)
{
    struct file *f = fd_get(fd);
    struct vfs_iter it;
    if (off < 0)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (!f->ops->llseek)
        return -ESPIPE;
    long err = io_check(f, write);
    if (err < 0)
        return err;
    uint64_t pos = (uint64_t)off;
    vfs_iter_init(&it, buf, count, false);
    return do_io(f, &it, &pos, write);
}

long sys_pread64(int fd, void *buf, size_t count, int64_t off)
{
    return prw(fd, buf, count, off, false);
}

long sys_pwrite64(int fd, const void *buf, size_t count, int64_t off)
{
    return prw(fd, (void *)buf, count, off, true);
}

/* readv, writev, preadv, pwritev: off < 0 means the file position. */
static long rw_vec(int fd, const struct linux_iovec *uiov, int cnt, int64_t off,
                   bool write)
{
    struct file *f;
    struct vfs_iter it;
    if (off >= 0 && fd_get(fd) && !fd_get(fd)->ops->llseek)
        return -ESPIPE;
    long err = io_file(fd, write, &f);
    if (err < 0)
        return err;
    if (cnt < 0 || cnt > LX_IOV_MAX)
        return -EINVAL;
    if (cnt == 0)
        return 0;
    /* the array is read in batches: no allocation, so stdout and stderr
     * work when memory is gone */
    err = vfs_iter_init_vec(&it, uiov, (size_t)cnt);
    if (err < 0)
        return err;
    uint64_t pos = (uint64_t)off;
    return do_io(f, &it, off >= 0 ? &pos : &f->pos, write);
}

long sys_readv(int fd, const struct linux_iovec *iov, int iovcnt)
{
    return rw_vec(fd, iov, iovcnt, -1, false);
}

long sys_writev(int fd, const struct linux_iovec *iov, int iovcnt)
{
    return rw_vec(fd, iov, iovcnt, -1, true);
}

long sys_preadv(int fd, const struct linux_iovec *iov, int iovcnt, int64_t off,
                long off_hi)
{
    (void)off_hi; /* 64-bit: the offset is all in off */
    return off < 0 ? -EINVAL : rw_vec(fd, iov, iovcnt, off, false);
}

long sys_pwritev(int fd, const struct linux_iovec *iov, int iovcnt, int64_t off,
                 long off_hi)
{
    (void)off_hi;
    return off < 0 ? -EINVAL : rw_vec(fd, iov, iovcnt, off, true);
}

long sys_lseek(int fd, int64_t off, int whence)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    if (!f->ops->llseek)
        return -ESPIPE;
    return f->ops->llseek(f, off, whence);
}

long sys_openat(int dirfd, const char *upath, int flags, unsigned mode)
{
    long err;
    int fd = fd_can_alloc(); /* EMFILE comes before the lookup */
    if (fd < 0)
        return fd;
    char *path = vfs_getname(upath, &err);
    if (!path)
        return err;
    struct file *f = vfs_openat(dirfd, path, flags, mode, &err);
    kfree(path);
    if (!f)
        return err;
    fd = fd_alloc(f, 0, flags & LX_O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_open(const char *path, int flags, unsigned mode)
{
    return sys_openat(LX_AT_FDCWD, path, flags, mode);
}

long sys_creat(const char *path, unsigned mode)
{
    return sys_openat(LX_AT_FDCWD, path, LX_O_CREAT | LX_O_WRONLY | LX_O_TRUNC,
                      mode);
}

long sys_close(int fd)
{
    return fd_close(fd);
}

long sys_ftruncate(int fd, int64_t length)
{
    if (length < 0)
        return -EINVAL;
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    if (!VFS_ISREG(f->inode->mode) || !FILE_CAN_WRITE(f))
        return -EINVAL;
    return vfs_truncate_inode(f->inode, length);
}

long sys_truncate(const char *upath, int64_t length)
{
    struct vfs_path vp;
    long err;
    char *path = vfs_getname(upath, &err);
    if (!path)
        return err;
    err = vfs_lookup(LX_AT_FDCWD, path, LOOKUP_FOLLOW, &vp);
    if (err == 0) {
        err = vp.inode ? vfs_truncate_inode(vp.inode, length) : -ENOENT;
        vfs_path_put(&vp);
    }
    kfree(path);
    return err;
}

/* Memory is the storage, but for a host directory's files. */
static long sync_fd(int fd, bool datasync)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    uint32_t mode = f->inode->mode;
    if (!VFS_ISREG(mode) && !VFS_ISDIR(mode))
        return -EINVAL;
    return f->inode->flags & INODE_HOST ? hostfs_fsync(f, datasync) : 0;
}

long sys_fsync(int fd)
{
    return sync_fd(fd, false);
}

long sys_fdatasync(int fd)
{
    return sync_fd(fd, true);
}

#define DIRENT_STAGE 32768u

long sys_getdents64(int fd, void *dirp, size_t count)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    struct inode *dir = f->inode;
    if (!VFS_ISDIR(dir->mode))
        return -ENOTDIR;
    if (dir->flags & INODE_DEAD)
        return -ENOENT;
    struct vfs_dirctx ctx = {
        .pos = f->pos, .cap = MIN(count, DIRENT_STAGE), .file = f};
    if (!(ctx.buf = kmalloc(ctx.cap + 1)))
        return -ENOMEM;
    if (dir->iops && dir->iops->iterate)
        dir->iops->iterate(dir, &ctx);
    else
        ramfs_iterate(dir, &ctx);
    long r = (long)ctx.used;
    if (ctx.used == 0 && ctx.full)
        r = -EINVAL; /* not even one entry fits */
    else if (ctx.used && copy_to_user(dirp, ctx.buf, ctx.used) < 0)
        r = -EFAULT;
    else
        f->pos = ctx.pos;
    kfree(ctx.buf);
    return r;
}
