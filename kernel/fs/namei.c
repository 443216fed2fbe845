/* SPDX-License-Identifier: MIT */
/*
 * Path lookup, as Linux does it: components up to 255 bytes, "." and "..",
 * symlinks followed in the middle of a path always and at its end on
 * request, at most 40 of them per lookup (ELOOP), ENOTDIR for a file used
 * as a directory.  A symlink is expanded in place in the caller's buffer.
 */
#include "kernel/fs/file.h"

struct inode *vfs_root;

int vfs_dirfd_inode(int dirfd, struct inode **out)
{
    struct inode *ino;
    if (dirfd == LX_AT_FDCWD) {
        ino = vfs_cwd;
    } else {
        struct file *f = fd_get(dirfd);
        if (!f)
            return -EBADF;
        ino = f->inode;
    }
    vfs_iget(ino);
    *out = ino;
    return 0;
}

int vfs_lookup_child(struct inode *dir, const char *name, size_t len,
                     struct inode **out)
{
    if (!VFS_ISDIR(dir->mode))
        return -ENOTDIR;
    struct inode *ino = NULL;
    if (len == 0 || (len == 1 && name[0] == '.')) {
        ino = dir;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        ino = dir->u.dir.up && dir != vfs_root ? dir->u.dir.up : dir;
        if (ino->flags & INODE_SHADOW) /* an overlay's: its host directory */
            ino = ino->priv;
    } else if (len > VFS_NAME_MAX) {
        return -ENAMETOOLONG;
    } else if (dir->iops && dir->iops->lookup) {
        return dir->iops->lookup(dir, name, len, out);
    } else {
        struct dentry *d = ramfs_lookup(dir, name, len);
        if (!d)
            return -ENOENT;
        ino = d->inode;
        if (ino->flags & INODE_LAZY) {
            int err = vfs_populate(ino);
            if (err < 0)
                return err;
        }
    }
    vfs_iget(ino);
    *out = ino;
    return 0;
}

long vfs_readlink_inode(struct inode *ino, char *buf, size_t cap)
{
    if (!VFS_ISLNK(ino->mode))
        return -EINVAL;
    if (ino->iops && ino->iops->readlink)
        return ino->iops->readlink(ino, buf, cap);
    size_t n = MIN(ino->size, cap);
    memcpy(buf, ino->u.lnk.target, n);
    return (long)n;
}

/*
 * Follow the symlink ino met at *pos in path, with rest the unparsed
 * remainder.  Either the link is magic (*cur becomes its target) or its
 * text replaces path[0 .. rest), and *cur becomes the root for an absolute
 * link.  *pos is where parsing resumes.  1 for a magic link, 0, or -errno.
 */
static int follow(struct inode *ino, char *path, size_t *pos, size_t rest,
                  struct inode **cur, int *links)
{
    if (++*links > VFS_MAXLINKS)
        return -ELOOP;
    if (ino->iops && ino->iops->follow) {
        struct inode *t;
        int err = ino->iops->follow(ino, &t);
        if (err < 0)
            return err;
        vfs_iput(*cur);
        *cur = t;
        *pos = rest;
        return 1;
    }
    char *target = ino->u.lnk.target, *tbuf = NULL;
    size_t tlen = ino->size, rlen = strlen(path + rest);
    if (ino->iops && ino->iops->readlink) { /* text made on demand */
        long n = -ENOMEM;
        if ((tbuf = kmalloc(VFS_PATH_MAX)))
            n = ino->iops->readlink(ino, tbuf, VFS_PATH_MAX);
        if (n < 0) {
            kfree(tbuf);
            return (int)n;
        }
        target = tbuf;
        tlen = (size_t)n;
    }
    if (tlen == 0 || tlen + 1 + rlen >= VFS_PATH_MAX) {
        kfree(tbuf);
        return tlen ? -ENAMETOOLONG : -ENOENT;
    }
    memmove(path + tlen + 1, path + rest, rlen + 1);
    memcpy(path, target, tlen);
    path[tlen] = '/';
    if (rlen == 0)
        path[tlen] = 0;
    if (target[0] == '/') {
        vfs_iput(*cur);
        *cur = vfs_root;
        vfs_iget(*cur);
    }
    kfree(tbuf);
    *pos = 0;
    return 0;
}

bool vfs_path_dots(const struct vfs_path *vp)
{
    const char *n = vp->name;
    return vp->len == 0 || (vp->len == 1 && n[0] == '.') ||
           (vp->len == 2 && n[0] == '.' && n[1] == '.');
}

void vfs_path_put(struct vfs_path *vp)
{
    if (vp->dir)
        vfs_iput(vp->dir);
    if (vp->inode)
        vfs_iput(vp->inode);
    vp->dir = vp->inode = NULL;
}

int vfs_lookup(int dirfd, char *path, unsigned flags, struct vfs_path *vp)
{
    struct inode *cur;
    int err, links = 0;
    vp->dir = vp->inode = NULL;
    vp->name = path;
    vp->len = 0;
    vp->slash = false;
    if (path[0] == 0) {
        if (!(flags & LOOKUP_EMPTY))
            return -ENOENT;
        return vfs_dirfd_inode(dirfd, &vp->inode);
    }
    if (path[0] == '/') {
        cur = vfs_root;
        vfs_iget(cur);
    } else if ((err = vfs_dirfd_inode(dirfd, &cur)) < 0) {
        return err;
    } else if (!VFS_ISDIR(cur->mode)) {
        vfs_iput(cur);
        return -ENOTDIR;
    }
    size_t pos = 0;
    for (;;) {
        while (path[pos] == '/')
            pos++;
        size_t start = pos;
        while (path[pos] && path[pos] != '/')
            pos++;
        size_t len = pos, end = pos;
        while (path[pos] == '/')
            pos++;
        len -= start;
        bool last = path[pos] == 0;
        struct inode *next;
        if (!VFS_ISDIR(cur->mode)) {
            err = -ENOTDIR;
            break;
        }
        err = vfs_lookup_child(cur, path + start, len, &next);
        if (err == -ENOENT && last) {
            next = NULL;
            err = 0;
        }
        if (err < 0)
            break;
        bool follow_it = next && VFS_ISLNK(next->mode) &&
                         (!last || (flags & LOOKUP_FOLLOW) || end != pos);
        if (follow_it) {
            /* The text of a link at the end with a trailing slash must
             * keep that slash: "link/" means "target/". */
            size_t rest = last && end != pos ? end : pos;
            err = follow(next, path, &pos, rest, &cur, &links);
            vfs_iput(next);
            if (err < 0)
                break;
            if (err == 1 && last && rest == pos) {
                /* magic link at the end: the target is the result */
                vp->dir = NULL;
                vp->inode = cur;
                vp->name = path + start;
                vp->len = 0;
                return 0;
            }
            continue;
        }
        if (last) {
            vp->dir = cur;
            vp->inode = next;
            vp->name = path + start;
            vp->len = len;
            vp->slash = end != pos;
            if (next && vp->slash && !VFS_ISDIR(next->mode)) {
                vfs_path_put(vp);
                return -ENOTDIR;
            }
            return 0;
        }
        vfs_iput(cur);
        cur = next;
    }
    vfs_iput(cur);
    return err;
}

long vfs_inode_path(struct inode *ino, char *buf, size_t cap)
{
    if (cap < 2)
        return -ERANGE;
    size_t at = cap - 1;
    buf[at] = 0;
    if (ino == vfs_root) {
        buf[0] = '/';
        buf[1] = 0;
        return 1;
    }
    while (ino != vfs_root) {
        struct dentry *d = ino->dent;
        if (!d || (VFS_ISDIR(ino->mode) && (ino->flags & INODE_DEAD)))
            return -ENOENT;
        if ((size_t)d->len + 1 > at)
            return -ERANGE;
        at -= d->len;
        memcpy(buf + at, d->name, d->len);
        buf[--at] = '/';
        ino = d->dir->flags & INODE_SHADOW ? d->dir->priv : d->dir;
    }
    size_t n = cap - 1 - at;
    memmove(buf, buf + at, n + 1);
    return (long)n;
}

char *vfs_getname(const char *upath, long *err)
{
    char *buf = kmalloc(VFS_PATH_MAX);
    if (!buf) {
        *err = -ENOMEM;
        return NULL;
    }
    long n = strncpy_from_user(buf, upath, VFS_PATH_MAX);
    if (n < 0) {
        kfree(buf);
        *err = n;
        return NULL;
    }
    return buf;
}

int vfs_lookup_user(int dirfd, const char *upath, unsigned flags,
                    struct inode **ino)
{
    struct vfs_path vp;
    long err;
    if (!upath && (flags & LOOKUP_EMPTY)) /* NULL path: Linux 6.11 */
        return vfs_dirfd_inode(dirfd, ino);
    char *path = vfs_getname(upath, &err);
    if (!path)
        return (int)err;
    int r = vfs_lookup(dirfd, path, flags, &vp);
    kfree(path);
    if (r == 0 && !vp.inode)
        r = -ENOENT;
    if (r == 0) {
        *ino = vp.inode;
        vp.inode = NULL;
    }
    vfs_path_put(&vp);
    return r;
}
