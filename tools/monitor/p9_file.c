/* SPDX-License-Identifier: MIT */
/*
 * The 9P2000.L file operations, and the only place that reaches the host's
 * files.
 *
 * Why the guest cannot reach outside the mount root: a fid is a normalised
 * path relative to the root (p9.c keeps out "", "." and ".."), and every
 * host access resolves it again, from the root's O_PATH fd, with openat2()
 * and RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, plus
 * O_NOFOLLOW.  The kernel then refuses any ".." above the root and any
 * symlink anywhere in the path (ELOOP), so a symlink the guest or anyone
 * else plants is never followed: the guest's 9P client reads symlinks
 * with Treadlink and resolves them itself.  A call that names a child
 * (create, mkdir, link, rename, unlink...) first opens the parent this
 * way, then passes one checked component (no '/', not "." or "..") to an
 * *at() call that does not follow a final symlink.  Since nothing is
 * looked up once and trusted later, a race (a directory renamed while a
 * fid points inside it, a directory swapped for a symlink between walk
 * and open) can at worst make an operation fail or act on another object
 * inside the tree, never on one outside it.
 */
#define _GNU_SOURCE
#define P9_INTERNAL
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "p9.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define RESOLVE_SAFE                                                           \
    (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
/* Open flags a client may pass through; O_NONBLOCK is always added so
 * that a FIFO never blocks the vCPU. */
#define OPEN_PASS (O_ACCMODE | O_TRUNC | O_APPEND | O_DSYNC | O_SYNC)

/* openat2 beneath dirfd, following no symlink: the fd or -errno. */
static int open_beneath(int dirfd, const char *rel, int flags, int mode)
{
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW),
        .mode = (flags & O_CREAT) ? (uint64_t)(mode & 07777) : 0,
        .resolve = RESOLVE_SAFE,
    };
    long fd =
        syscall(SYS_openat2, dirfd, rel[0] ? rel : ".", &how, sizeof(how));
    return fd < 0 ? -errno : (int)fd;
}

int p9_open(const struct p9_server *s, const char *rel, int flags, int mode)
{
    return open_beneath(s->rootfd, rel, flags, mode);
}

int p9_lstat(const struct p9_server *s, const char *rel, struct stat *st)
{
    int fd = p9_open(s, rel, O_PATH, 0), r = 0;
    if (fd < 0)
        return fd;
    if (fstat(fd, st) < 0)
        r = -errno;
    close(fd);
    return r;
}

int p9_open_parent(const struct p9_server *s, const char *rel, char *buf,
                   const char **name)
{
    const char *slash = strrchr(rel, '/');
    if (!rel[0])
        return -EBUSY;
    snprintf(buf, P9_PATH_MAX, "%.*s", slash ? (int)(slash - rel) : 0, rel);
    *name = slash ? slash + 1 : rel;
    return p9_open(s, buf, O_PATH | O_DIRECTORY, 0);
}

int p9_open_dir(const struct p9_server *s, const struct p9_fid *f)
{
    return p9_open(s, f->path, O_PATH | O_DIRECTORY, 0);
}

/* An fd for the object f names (its open fd, or a new O_PATH one that
 * *tmp says to close); -errno. */
static int fid_fd(const struct p9_server *s, const struct p9_fid *f, int *tmp)
{
    *tmp = f->fd < 0;
    return f->fd >= 0 ? f->fd : p9_open(s, f->path, O_PATH, 0);
}

static int ret_errno(int ok)
{
    return ok < 0 ? -errno : 0;
}

/* Lopen and lcreate: f now holds fd opened with flags; reply qid iounit. */
static int set_open(struct p9_server *s, struct p9_fid *f, int fd, int flags,
                    struct p9_out *out)
{
    struct stat st;
    int r = ret_errno(fstat(fd, &st));
    if (r == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
        r = -EPERM; /* a device of the host stays closed to the guest */
    if (r < 0) {
        close(fd);
        return r;
    }
    f->fd = fd;
    f->flags = flags;
    s->nopen++;
    p9_putqid(out, s, &st);
    p9_put32(out, s->msize - P9_IOHDR);
    return 0;
}

int p9_lopen(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    int flags = (int)p9_get32(in), fd;
    if (in->bad || (flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (s->readonly &&
        ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
        return -EROFS;
    if (f->fd >= 0)
        return -EINVAL;
    if (s->nopen >= P9_MAX_OPEN)
        return -EMFILE;
    struct stat st; /* set_open checks again: this avoids opening one */
    int r = p9_lstat(s, f->path, &st);
    if (r == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
        r = -EPERM;
    if (r < 0)
        return r;
    flags = (flags & (OPEN_PASS | O_DIRECTORY)) | O_NONBLOCK;
    if ((fd = p9_open(s, f->path, flags, 0)) < 0)
        return fd;
    return set_open(s, f, fd, flags, out);
}

int p9_lcreate(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    char name[256], path[P9_PATH_MAX];
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    p9_getname(in, name, sizeof(name));
    int flags = (int)p9_get32(in), mode = (int)p9_get32(in), dfd, fd;
    p9_get32(in); /* gid: new files belong to the monitor's user */
    if (in->bad || (flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (f->fd >= 0)
        return -EINVAL;
    if (s->nopen >= P9_MAX_OPEN)
        return -EMFILE;
    if (p9_join(path, f->path, name) < 0)
        return -ENAMETOOLONG;
    char *np = strdup(path); /* now: no ENOMEM once the file exists */
    if (!np)
        return -ENOMEM;
    fd = dfd = p9_open_dir(s, f);
    if (dfd >= 0) {
        flags = (flags & OPEN_PASS) | O_NONBLOCK;
        fd = open_beneath(dfd, name, flags | O_CREAT | O_EXCL,
                          mode & P9_MODE_FILE);
        close(dfd);
    }
    if (fd < 0) {
        free(np);
        return fd;
    }
    free(f->path);
    f->path = np;
    return set_open(s, f, fd, flags, out);
}

int p9_read(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint64_t off = p9_get64(in);
    size_t count = p9_get32(in), room = out->cap - out->len - 4;
    if (in->bad)
        return -EINVAL;
    if (!f || f->fd < 0)
        return -EBADF;
    if (count > room)
        count = room;
    size_t at = out->len;
    p9_put32(out, 0);
    ssize_t n = pread(f->fd, p9_putraw(out, count), count, (off_t)off);
    if (n < 0)
        return -errno;
    out->len = at + 4 + (size_t)n;
    for (int i = 0; i < 4; i++)
        out->p[at + i] = (uint8_t)(n >> (8 * i));
    return 0;
}

int p9_write(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint64_t off = p9_get64(in);
    uint32_t count = p9_get32(in);
    const uint8_t *data = in->p + in->off;
    if (in->bad || count > in->len - in->off)
        return -EINVAL;
    if (!f || f->fd < 0)
        return -EBADF;
    ssize_t n = pwrite(f->fd, data, count, (off_t)off);
    if (n < 0)
        return -errno;
    p9_put32(out, (uint32_t)n);
    return 0;
}

int p9_getattr(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    struct stat st;
    int tmp, fd;
    p9_get64(in); /* request_mask: the basic fields are always there */
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if ((fd = fid_fd(s, f, &tmp)) < 0)
        return fd;
    int r = ret_errno(fstat(fd, &st));
    if (tmp)
        close(fd);
    if (r < 0)
        return r;
    p9_put64(out, 0x7ff); /* P9_GETATTR_BASIC */
    p9_putqid(out, s, &st);
    p9_put32(out, st.st_mode);
    p9_put32(out, st.st_uid);
    p9_put32(out, st.st_gid);
    p9_put64(out, st.st_nlink);
    p9_put64(out, st.st_rdev);
    p9_put64(out, (uint64_t)st.st_size);
    p9_put64(out, (uint64_t)st.st_blksize);
    p9_put64(out, (uint64_t)st.st_blocks);
    const struct timespec *t[3] = {&st.st_atim, &st.st_mtim, &st.st_ctim};
    for (int i = 0; i < 3; i++) {
        p9_put64(out, (uint64_t)t[i]->tv_sec);
        p9_put64(out, (uint64_t)t[i]->tv_nsec);
    }
    for (int i = 0; i < 4; i++)
        p9_put64(out, 0); /* btime, gen, data_version */
    return 0;
}

/* Tsetattr's valid bits. */
enum {
    SA_MODE = 1,
    SA_UID = 2,
    SA_GID = 4,
    SA_SIZE = 8,
    SA_ATIME = 0x10,
    SA_MTIME = 0x20,
    SA_ATIME_SET = 0x80,
    SA_MTIME_SET = 0x100,
};

static int set_size(struct p9_server *s, struct p9_fid *f, uint64_t size)
{
    if (size > INT64_MAX)
        return -EINVAL;
    if (f->fd >= 0 && (f->flags & O_ACCMODE) != O_RDONLY)
        return ret_errno(ftruncate(f->fd, (off_t)size));
    int fd = p9_open(s, f->path, O_WRONLY | O_NONBLOCK, 0);
    if (fd < 0)
        return fd;
    int r = ret_errno(ftruncate(fd, (off_t)size));
    close(fd);
    return r;
}

/* Mode, owner and times of the object fd (a symlink is never followed:
 * fd is that symlink's own O_PATH fd, and chmod of one is EOPNOTSUPP). */
static int set_meta(int fd, uint32_t valid, uint32_t mode, uint32_t uid,
                    uint32_t gid, const struct timespec ts[2])
{
    char proc[32];
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (valid & SA_MODE) {
        if (S_ISLNK(st.st_mode))
            return -EOPNOTSUPP;
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        mode &= S_ISDIR(st.st_mode) ? 07777 : P9_MODE_FILE;
        if (chmod(proc, mode) < 0)
            return -errno;
    }
    if ((valid & (SA_UID | SA_GID)) &&
        fchownat(fd, "", valid & SA_UID ? uid : (uint32_t)-1,
                 valid & SA_GID ? gid : (uint32_t)-1, AT_EMPTY_PATH) < 0)
        return -errno;
    if ((valid & (SA_ATIME | SA_MTIME)) &&
        utimensat(fd, "", ts, AT_EMPTY_PATH) < 0)
        return -errno;
    return 0;
}

int p9_setattr(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint32_t valid = p9_get32(in), mode = p9_get32(in), uid = p9_get32(in),
             gid = p9_get32(in);
    uint64_t size = p9_get64(in), v[4];
    struct timespec ts[2];
    int tmp, fd, r = 0;
    for (int i = 0; i < 4; i++)
        v[i] = p9_get64(in);
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    for (int i = 0; i < 2; i++) {
        uint32_t set = i ? SA_MTIME : SA_ATIME, given = set << 3;
        ts[i].tv_sec = (valid & given) ? (time_t)v[2 * i] : 0;
        ts[i].tv_nsec = !(valid & set)    ? UTIME_OMIT
                        : (valid & given) ? (long)(v[2 * i + 1] % 1000000000)
                                          : UTIME_NOW;
    }
    if ((fd = fid_fd(s, f, &tmp)) < 0)
        return fd;
    r = set_meta(fd, valid, mode, uid, gid, ts);
    if (tmp)
        close(fd);
    if (r == 0 && (valid & SA_SIZE))
        r = set_size(s, f, size);
    return r;
}

/* Append directory entries from fd's position while they fit in room. */
static int put_dirents(struct p9_out *out, int fd, size_t room)
{
    char buf[8192];
    size_t used = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (n < 0)
            return -errno;
        if (n == 0)
            return 0;
        for (long off = 0; off < n;) {
            struct dirent64 *d = (void *)(buf + off);
            size_t len = strlen(d->d_name);
            off += d->d_reclen;
            if (used + 24 + len > room)
                return 0;
            used += 24 + len;
            p9_put8(out, d->d_type == DT_DIR   ? 0x80
                         : d->d_type == DT_LNK ? 0x02
                                               : 0);
            p9_put32(out, 0);
            p9_put64(out, d->d_ino);
            p9_put64(out, (uint64_t)d->d_off);
            p9_put8(out, d->d_type);
            p9_putstr(out, d->d_name, len);
        }
    }
}

int p9_readdir(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint64_t off = p9_get64(in);
    size_t count = p9_get32(in), room = out->cap - out->len - 4;
    if (in->bad)
        return -EINVAL;
    if (!f || f->fd < 0)
        return -EBADF;
    if (lseek(f->fd, (off_t)off, SEEK_SET) < 0)
        return -errno;
    size_t at = out->len;
    p9_put32(out, 0);
    int r = put_dirents(out, f->fd, count < room ? count : room);
    size_t n = out->len - at - 4;
    for (int i = 0; i < 4; i++)
        out->p[at + i] = (uint8_t)(n >> (8 * i));
    return r;
}

int p9_readlink(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    char buf[P9_PATH_MAX];
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    int fd = p9_open(s, f->path, O_PATH, 0);
    if (fd < 0)
        return fd;
    ssize_t n = readlinkat(fd, "", buf, sizeof(buf));
    int r = n < 0 ? -errno : 0;
    close(fd);
    if (r == 0)
        p9_putstr(out, buf, (size_t)n);
    return r;
}

int p9_statfs(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    struct statfs sf;
    int tmp, fd;
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if ((fd = fid_fd(s, f, &tmp)) < 0)
        return fd;
    int r = ret_errno(fstatfs(fd, &sf));
    if (tmp)
        close(fd);
    if (r < 0)
        return r;
    p9_put32(out, (uint32_t)sf.f_type);
    p9_put32(out, (uint32_t)sf.f_bsize);
    p9_put64(out, sf.f_blocks);
    p9_put64(out, sf.f_bfree);
    p9_put64(out, sf.f_bavail);
    p9_put64(out, sf.f_files);
    p9_put64(out, sf.f_ffree);
    uint64_t fsid;
    memcpy(&fsid, &sf.f_fsid, sizeof(fsid));
    p9_put64(out, fsid);
    p9_put32(out, (uint32_t)sf.f_namelen);
    return 0;
}

int p9_fsync(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint32_t datasync = p9_get32(in);
    if (in->bad)
        return -EINVAL;
    if (!f || f->fd < 0)
        return -EBADF;
    return ret_errno(datasync ? fdatasync(f->fd) : fsync(f->fd));
}
