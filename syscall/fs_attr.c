/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 5: links and attributes.  symlink, link, mknod,
 * chmod, chown, utimensat, statfs, fallocate, sync.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/fs/hostfs.h"

#define LX_S_ISUID 04000
#define LX_S_ISGID 02000
#define LX_FALLOC_FL_KEEP_SIZE 1

/* vfs_symlink in the shape vfs_two_paths calls. */
static int symlink_op(int unused, char *target, int dirfd, char *path,
                      unsigned flags)
{
    (void)unused, (void)flags;
    return vfs_symlink(target, dirfd, path);
}

long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
    return vfs_two_paths(0, utarget, dirfd, upath, 0, symlink_op);
}

long sys_symlink(const char *target, const char *path)
{
    return sys_symlinkat(target, LX_AT_FDCWD, path);
}

long sys_linkat(int odfd, const char *uold, int ndfd, const char *unew,
                int flags)
{
    return vfs_two_paths(odfd, uold, ndfd, unew, (unsigned)flags, vfs_link);
}

long sys_link(const char *oldpath, const char *newpath)
{
    return sys_linkat(LX_AT_FDCWD, oldpath, LX_AT_FDCWD, newpath, 0);
}

/* Regular files, FIFOs, and device nodes: those of /dev's devices work,
 * others (and sockets) fail to open with ENXIO. */
long sys_mknodat(int dirfd, const char *upath, unsigned mode, unsigned dev)
{
    struct vfs_path vp;
    long err;
    unsigned type = mode & LX_S_IFMT;
    if (type != 0 && type != LX_S_IFREG && type != LX_S_IFIFO &&
        type != LX_S_IFCHR && type != LX_S_IFBLK && type != LX_S_IFSOCK)
        return -EINVAL;
    char *path = vfs_getname(upath, &err);
    if (!path)
        return err;
    err = vfs_lookup(dirfd, path, 0, &vp);
    if (err == 0) {
        struct inode *ino = NULL;
        err = vfs_path_dots(&vp) ? -EEXIST : vfs_mknod_check(&vp);
        mode &= 07777 & ~vfs_umask;
        if (err == 0 && (type == 0 || type == LX_S_IFREG)) {
            err = vfs_create(&vp, mode, &ino);
        } else if (err == 0 && VFS_TO_HOST(vp.dir)) {
            err = -EPERM; /* no devices, fifos or sockets on the host */
        } else if (err == 0) {
            ino = type == LX_S_IFIFO
                      ? pipe_new_inode(mode)
                      : ramfs_new_inode(type | mode, VFS_DEV_RAMFS);
            if (ino && type != LX_S_IFIFO) {
                ino->rdev = type == LX_S_IFSOCK ? 0 : dev;
                ino->fops = devfs_fops(type, dev);
            }
            err = vfs_add_new(&vp, ino);
        }
        vfs_path_put(&vp);
    }
    kfree(path);
    return err;
}

long sys_mknod(const char *path, unsigned mode, unsigned dev)
{
    return sys_mknodat(LX_AT_FDCWD, path, mode, dev);
}

/* *ino (a reference) as a change of its attributes finds it: in the
 * default view, a host object becomes its upper copy (overlay.c). */
static long writable(struct inode **ino)
{
    return VFS_OVL_LOWER(*ino) ? ovl_copy_up(ino) : 0;
}

static long mode_of(struct inode *ino, unsigned mode)
{
    if (ino->flags & INODE_ROFS)
        return -EROFS;
    if (ino->flags & INODE_RO)
        return -EPERM;
    if (ino->flags & INODE_HOST)
        return hostfs_setattr(ino, &(struct p9_setattr){.valid = P9_SET_MODE,
                                                         .mode = mode & 07777});
    ino->mode = (ino->mode & LX_S_IFMT) | (mode & 07777);
    vfs_touch(ino, false);
    return 0;
}

static long set_mode(struct inode *ino, unsigned mode)
{
    vfs_iget(ino);
    long err = writable(&ino);
    if (err == 0)
        err = mode_of(ino, mode);
    vfs_iput(ino);
    return err;
}

long sys_fchmodat(int dirfd, const char *upath, unsigned mode)
{
    struct inode *ino;
    long err = vfs_lookup_user(dirfd, upath, LOOKUP_FOLLOW, &ino);
    if (err < 0)
        return err;
    err = set_mode(ino, mode);
    vfs_iput(ino);
    return err;
}

long sys_chmod(const char *path, unsigned mode)
{
    return sys_fchmodat(LX_AT_FDCWD, path, mode);
}

long sys_fchmod(int fd, unsigned mode)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    return set_mode(f->inode, mode);
}

static long owner_of(struct inode *ino, unsigned uid, unsigned gid)
{
    if (ino->flags & INODE_ROFS)
        return -EROFS;
    if (ino->flags & INODE_RO)
        return -EPERM;
    if (ino->flags & INODE_HOST)
        return hostfs_setattr(
            ino, &(struct p9_setattr){
                     .valid = (uid != (unsigned)-1 ? P9_SET_UID : 0) |
                              (gid != (unsigned)-1 ? P9_SET_GID : 0),
                     .uid = uid, .gid = gid});
    if (uid != (unsigned)-1)
        ino->uid = uid;
    if (gid != (unsigned)-1)
        ino->gid = gid;
    /* like Linux: a change of owner drops set-user-ID, and set-group-ID
     * when the group may execute */
    if ((uid != (unsigned)-1 || gid != (unsigned)-1) && !VFS_ISDIR(ino->mode)) {
        ino->mode &= ~(uint32_t)LX_S_ISUID;
        if (ino->mode & 010)
            ino->mode &= ~(uint32_t)LX_S_ISGID;
    }
    vfs_touch(ino, false);
    return 0;
}

static long set_owner(struct inode *ino, unsigned uid, unsigned gid)
{
    vfs_iget(ino);
    long err = writable(&ino);
    if (err == 0)
        err = owner_of(ino, uid, gid);
    vfs_iput(ino);
    return err;
}

long sys_fchownat(int dirfd, const char *upath, unsigned uid, unsigned gid,
                  int flags)
{
    struct inode *ino;
    if (flags & ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
        return -EINVAL;
    unsigned lf = vfs_at_lookup(flags);
    long err = vfs_lookup_user(dirfd, upath, lf, &ino);
    if (err < 0)
        return err;
    err = set_owner(ino, uid, gid);
    vfs_iput(ino);
    return err;
}

long sys_chown(const char *path, unsigned uid, unsigned gid)
{
    return sys_fchownat(LX_AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown(const char *path, unsigned uid, unsigned gid)
{
    return sys_fchownat(LX_AT_FDCWD, path, uid, gid, LX_AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, unsigned uid, unsigned gid)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    return set_owner(f->inode, uid, gid);
}

static bool bad_time(const struct linux_timespec *t)
{
    return t->tv_nsec != LX_UTIME_NOW && t->tv_nsec != LX_UTIME_OMIT &&
           (t->tv_nsec < 0 || t->tv_nsec >= 1000000000);
}

static void set_time(uint64_t *field, const struct linux_timespec *t,
                     uint64_t now)
{
    if (t->tv_nsec == LX_UTIME_OMIT)
        return;
    if (t->tv_nsec == LX_UTIME_NOW || t->tv_sec < 0)
        *field = t->tv_nsec == LX_UTIME_NOW ? now : 0;
    else
        *field = (uint64_t)t->tv_sec * 1000000000 + (uint64_t)t->tv_nsec;
}

/* utimensat's times for a host file, as Tsetattr's bits say them. */
static long host_times(struct inode *ino, const struct linux_timespec ts[2])
{
    struct p9_setattr s = {0};
    uint64_t *t[2] = {&s.atime, &s.mtime};
    for (int i = 0; i < 2; i++) {
        if (ts[i].tv_nsec == LX_UTIME_OMIT)
            continue;
        s.valid |= i ? P9_SET_MTIME : P9_SET_ATIME;
        if (ts[i].tv_nsec == LX_UTIME_NOW)
            continue;
        s.valid |= i ? P9_SET_MTIME_SET : P9_SET_ATIME_SET;
        set_time(t[i], &ts[i], 0);
    }
    return s.valid ? hostfs_setattr(ino, &s) : 0;
}

long sys_utimensat(int dirfd, const char *upath,
                   const struct linux_timespec *utimes, int flags)
{
    struct linux_timespec ts[2] = {{0, LX_UTIME_NOW}, {0, LX_UTIME_NOW}};
    struct inode *ino;
    if (flags & ~(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH))
        return -EINVAL;
    if (utimes && copy_from_user(ts, utimes, sizeof(ts)) < 0)
        return -EFAULT;
    if (bad_time(&ts[0]) || bad_time(&ts[1]))
        return -EINVAL;
    /* a NULL path means dirfd itself (futimens) */
    unsigned lf = vfs_at_lookup(flags) | (!upath ? LOOKUP_EMPTY : 0);
    if (!upath && dirfd == LX_AT_FDCWD)
        return -EFAULT;
    long err = vfs_lookup_user(dirfd, upath, lf, &ino);
    if (err < 0)
        return err;
    if (ino->flags & INODE_ROFS)
        err = -EROFS;
    else if ((err = writable(&ino)) < 0)
        ;
    else if (ino->flags & INODE_HOST)
        err = host_times(ino, ts);
    else if (ts[0].tv_nsec != LX_UTIME_OMIT || ts[1].tv_nsec != LX_UTIME_OMIT) {
        uint64_t now = vfs_now();
        set_time(&ino->atime, &ts[0], now);
        set_time(&ino->mtime, &ts[1], now);
        ino->ctime = now;
    }
    vfs_iput(ino);
    return err;
}

/* The root is a tmpfs and says so, with its limits and what is used
 * (space.c); /dev is one too, with nothing counted.  procfs and pipes say
 * only their type, as Linux's simple_statfs. */
static long put_statfs(struct inode *ino, struct linux_statfs *ubuf)
{
    struct linux_statfs s;
    struct ramfs_space sp;
    memset(&s, 0, sizeof(s));
    s.f_bsize = s.f_frsize = PAGE_SIZE;
    if (ino->flags & INODE_HOST) {
        int err = hostfs_statfs(ino, &s);
        if (err < 0)
            return err;
    } else if (ino->dev == VFS_DEV_PROC || ino->dev == VFS_DEV_PIPE) {
        s.f_type =
            ino->dev == VFS_DEV_PROC ? LX_PROC_SUPER_MAGIC : LX_PIPEFS_MAGIC;
    } else {
        ramfs_space_get(&sp);
        bool root = ino->dev == VFS_DEV_RAMFS;
        s.f_type = LX_TMPFS_MAGIC;
        s.f_blocks = sp.max_pages;
        s.f_bfree = s.f_bavail = root ? ramfs_pages_free() : sp.max_pages;
        s.f_files = sp.max_inodes;
        s.f_ffree = root ? ramfs_inodes_free() : sp.max_inodes;
    }
    s.f_fsid[0] = (int32_t)ino->dev;
    s.f_namelen = VFS_NAME_MAX;
    s.f_flags = LX_ST_VALID | LX_ST_RELATIME |
                (ino->flags & INODE_ROFS ? LX_ST_RDONLY : 0);
    return copy_to_user(ubuf, &s, sizeof(s));
}

long sys_statfs(const char *upath, struct linux_statfs *buf)
{
    struct inode *ino;
    long err = vfs_lookup_user(LX_AT_FDCWD, upath, LOOKUP_FOLLOW, &ino);
    if (err < 0)
        return err;
    err = put_statfs(ino, buf);
    vfs_iput(ino);
    return err;
}

long sys_fstatfs(int fd, struct linux_statfs *buf)
{
    struct file *f = fd_get(fd);
    return f ? put_statfs(f->inode, buf) : -EBADF;
}

/* PARTIAL: modes 0 and KEEP_SIZE allocate the pages (ENOSPC, with the
 * file unchanged, when the root cannot hold them); punching holes and the
 * other modes are EOPNOTSUPP.  Checks in the order of Linux's
 * vfs_fallocate. */
long sys_fallocate(int fd, int mode, int64_t off, int64_t len)
{
    struct file *f = fd_get(fd);
    if (!f || (f->flags & LX_O_PATH))
        return -EBADF;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (mode & ~LX_FALLOC_FL_KEEP_SIZE)
        return -EOPNOTSUPP;
    if (!FILE_CAN_WRITE(f))
        return -EBADF;
    if ((f->inode->mode & LX_S_IFMT) == LX_S_IFIFO)
        return -ESPIPE;
    if (VFS_ISDIR(f->inode->mode))
        return -EISDIR;
    if (!VFS_ISREG(f->inode->mode))
        return -ENODEV;
    if (off > VFS_MAX_SIZE - len)
        return -EFBIG;
    if (f->inode->fops != &ramfs_file_ops)
        return -EOPNOTSUPP; /* procfs */
    return ramfs_fallocate(f->inode, (uint64_t)off, (uint64_t)len,
                           mode & LX_FALLOC_FL_KEEP_SIZE);
}

long sys_sync(void)
{
    return 0;
}

long sys_syncfs(int fd)
{
    return fd_get(fd) ? 0 : -EBADF;
}
