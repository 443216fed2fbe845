/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 2: calls that take a path.  stat and statx,
 * access, mkdir, rmdir, unlink, rename, readlink, getcwd, chdir, umask.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"

#define LX_AT_STATX_SYNC_TYPE 0x6000
#define LX_STATX_RESERVED 0x80000000u
#define LX_X_OK 1

/* Run op on a copied user path. */
#define WITH_PATH(upath, expr)                                                 \
    ({                                                                         \
        long err_;                                                             \
        char *path = vfs_getname(upath, &err_);                                \
        if (path) {                                                            \
            err_ = (expr);                                                     \
            kfree(path);                                                       \
        }                                                                      \
        err_;                                                                  \
    })

static long put_stat(struct inode *ino, struct linux_stat *ust)
{
    struct linux_stat st;
    vfs_fill_stat(ino, &st);
    return copy_to_user(ust, &st, sizeof(st));
}

long sys_fstat(int fd, struct linux_stat *st)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    return put_stat(f->inode, st);
}

long sys_newfstatat(int dirfd, const char *upath, struct linux_stat *st,
                    int flags)
{
    struct inode *ino;
    if (flags &
        ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH | LX_AT_NO_AUTOMOUNT))
        return -EINVAL;
    unsigned lf = vfs_at_lookup(flags);
    long err = vfs_lookup_user(dirfd, upath, lf, &ino);
    if (err < 0)
        return err;
    err = put_stat(ino, st);
    vfs_iput(ino);
    return err;
}

long sys_stat(const char *path, struct linux_stat *st)
{
    return sys_newfstatat(LX_AT_FDCWD, path, st, 0);
}

long sys_lstat(const char *path, struct linux_stat *st)
{
    return sys_newfstatat(LX_AT_FDCWD, path, st, LX_AT_SYMLINK_NOFOLLOW);
}

static struct linux_statx_timestamp stx_time(uint64_t ns)
{
    struct linux_statx_timestamp t = {(int64_t)(ns / 1000000000),
                                      (uint32_t)(ns % 1000000000), 0};
    return t;
}

long sys_statx(int dirfd, const char *upath, int flags, unsigned mask,
               struct linux_statx *ustx)
{
    struct inode *ino;
    struct linux_stat st;
    struct linux_statx stx;
    if (flags & ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH |
                  LX_AT_NO_AUTOMOUNT | LX_AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if ((flags & LX_AT_STATX_SYNC_TYPE) == LX_AT_STATX_SYNC_TYPE ||
        (mask & LX_STATX_RESERVED))
        return -EINVAL;
    unsigned lf = vfs_at_lookup(flags);
    long err = vfs_lookup_user(dirfd, upath, lf, &ino);
    if (err < 0)
        return err;
    vfs_fill_stat(ino, &st);
    memset(&stx, 0, sizeof(stx));
    stx.stx_mask = LX_STATX_BASIC_STATS;
    stx.stx_blksize = (uint32_t)st.st_blksize;
    stx.stx_nlink = (uint32_t)st.st_nlink;
    stx.stx_uid = st.st_uid;
    stx.stx_gid = st.st_gid;
    stx.stx_mode = (uint16_t)st.st_mode;
    stx.stx_ino = st.st_ino;
    stx.stx_size = (uint64_t)st.st_size;
    stx.stx_blocks = (uint64_t)st.st_blocks;
    stx.stx_atime = stx_time(ino->atime);
    stx.stx_mtime = stx_time(ino->mtime);
    stx.stx_ctime = stx_time(ino->ctime);
    stx.stx_rdev_major = (ino->rdev >> 8) & 0xfff;
    stx.stx_rdev_minor = (ino->rdev & 0xff) | ((ino->rdev >> 12) & 0xfff00);
    stx.stx_dev_major = (ino->dev >> 8) & 0xfff;
    stx.stx_dev_minor = (ino->dev & 0xff) | ((ino->dev >> 12) & 0xfff00);
    vfs_iput(ino);
    return copy_to_user(ustx, &stx, sizeof(stx));
}

long sys_faccessat2(int dirfd, const char *upath, int mode, int flags)
{
    struct inode *ino;
    if (mode & ~7)
        return -EINVAL;
    if (flags & ~(LX_AT_EACCESS | LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
        return -EINVAL;
    unsigned lf = vfs_at_lookup(flags);
    long err = vfs_lookup_user(dirfd, upath, lf, &ino);
    if (err < 0)
        return err;
    /* root may read and write anything; executing needs an x bit */
    if ((mode & LX_X_OK) && !VFS_ISDIR(ino->mode) && !(ino->mode & 0111))
        err = -EACCES;
    vfs_iput(ino);
    return err;
}

long sys_faccessat(int dirfd, const char *path, int mode)
{
    return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(const char *path, int mode)
{
    return sys_faccessat2(LX_AT_FDCWD, path, mode, 0);
}

long sys_getcwd(char *ubuf, size_t size)
{
    char *buf = kmalloc(VFS_PATH_MAX);
    if (!buf)
        return -ENOMEM;
    long n = vfs_inode_path(vfs_cwd, buf, VFS_PATH_MAX);
    if (n >= 0 && (size_t)n + 1 > size)
        n = -ERANGE;
    if (n >= 0 && copy_to_user(ubuf, buf, (size_t)n + 1) < 0)
        n = -EFAULT;
    kfree(buf);
    return n < 0 ? n : n + 1;
}

static long set_cwd(struct inode *ino)
{
    if (!VFS_ISDIR(ino->mode)) {
        vfs_iput(ino);
        return -ENOTDIR;
    }
    vfs_iput(vfs_cwd);
    vfs_cwd = ino; /* takes over the reference */
    return 0;
}

long sys_chdir(const char *path)
{
    struct inode *ino;
    long err = vfs_lookup_user(LX_AT_FDCWD, path, LOOKUP_FOLLOW, &ino);
    return err < 0 ? err : set_cwd(ino);
}

long sys_fchdir(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    vfs_iget(f->inode);
    return set_cwd(f->inode);
}

long sys_mkdirat(int dirfd, const char *upath, unsigned mode)
{
    return WITH_PATH(upath, vfs_mkdir(dirfd, path, mode));
}

long sys_mkdir(const char *path, unsigned mode)
{
    return sys_mkdirat(LX_AT_FDCWD, path, mode);
}

long sys_unlinkat(int dirfd, const char *upath, int flags)
{
    if (flags & ~LX_AT_REMOVEDIR)
        return -EINVAL;
    return WITH_PATH(upath, vfs_unlink(dirfd, path, flags & LX_AT_REMOVEDIR));
}

long sys_unlink(const char *path)
{
    return sys_unlinkat(LX_AT_FDCWD, path, 0);
}

long sys_rmdir(const char *path)
{
    return sys_unlinkat(LX_AT_FDCWD, path, LX_AT_REMOVEDIR);
}

long vfs_two_paths(int odfd, const char *uold, int ndfd, const char *unew,
                   unsigned flags,
                   int (*op)(int, char *, int, char *, unsigned))
{
    long err;
    char *opath = vfs_getname(uold, &err);
    if (!opath)
        return err;
    char *npath = vfs_getname(unew, &err);
    if (npath) {
        err = op(odfd, opath, ndfd, npath, flags);
        kfree(npath);
    }
    kfree(opath);
    return err;
}

long sys_renameat2(int odfd, const char *uold, int ndfd, const char *unew,
                   unsigned flags)
{
    return vfs_two_paths(odfd, uold, ndfd, unew, flags, vfs_rename);
}

long sys_renameat(int odfd, const char *oldpath, int ndfd, const char *newpath)
{
    return sys_renameat2(odfd, oldpath, ndfd, newpath, 0);
}

long sys_rename(const char *oldpath, const char *newpath)
{
    return sys_renameat2(LX_AT_FDCWD, oldpath, LX_AT_FDCWD, newpath, 0);
}

long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int size)
{
    struct vfs_path vp;
    long err;
    if (size <= 0)
        return -EINVAL;
    char *buf = vfs_getname(upath, &err);
    if (!buf)
        return err;
    bool empty = buf[0] == 0;
    err = vfs_lookup(dirfd, buf, LOOKUP_EMPTY, &vp);
    if (err == 0 && !vp.inode)
        err = -ENOENT;
    else if (err == 0 && !VFS_ISLNK(vp.inode->mode))
        err = empty ? -ENOENT : -EINVAL;
    else if (err == 0) /* the path is no longer needed: reuse its buffer */
        err = vfs_readlink_inode(vp.inode, buf, VFS_PATH_MAX);
    if (err > size)
        err = size;
    if (err > 0 && copy_to_user(ubuf, buf, (size_t)err) < 0)
        err = -EFAULT;
    vfs_path_put(&vp);
    kfree(buf);
    return err;
}

long sys_readlink(const char *path, char *buf, int size)
{
    return sys_readlinkat(LX_AT_FDCWD, path, buf, size);
}

long sys_umask(unsigned mask)
{
    uint32_t old = vfs_umask;
    vfs_umask = mask & 0777;
    return old;
}
