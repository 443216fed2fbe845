/* SPDX-License-Identifier: MIT */
/*
 * Changing the tree: create, mkdir, unlink, rmdir, rename, symlink, link
 * and truncate, with Linux's checks in Linux's order.  We run as root, so
 * permission bits are stored but only procfs (read-only) refuses.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"

/* May a name be added to (create) or removed from dir?  procfs says
 * ENOENT to new names and EPERM to removals, as Linux does. */
static int dir_writable(struct inode *dir, bool create)
{
    if (!dir)
        return -ENOENT;
    if (dir->flags & INODE_DEAD)
        return -ENOENT;
    if (dir->flags & INODE_ROFS)
        return -EROFS;
    if (dir->flags & INODE_RO)
        return create ? -ENOENT : -EPERM;
    return 0;
}

/* Checks for a new non-directory name at vp: 0, or the error. */
int vfs_mknod_check(struct vfs_path *vp)
{
    if (vp->inode)
        return -EEXIST;
    if (vp->slash)
        return -ENOENT;
    return dir_writable(vp->dir, true);
}

int vfs_add_new(struct vfs_path *vp, struct inode *ino)
{
    if (!ino)
        return -ENOMEM;
    int err = VFS_OVL_LOWER(vp->dir) ? ovl_to_upper(vp) : 0;
    if (vp->dir->flags & INODE_OVL) { /* one file system with the host's */
        ino->dev = vp->dir->dev;
        ino->ino |= VFS_OVL_INO;
        ino->flags |= INODE_OVL;
    }
    if (err == 0)
        err = ramfs_charge_new(ino, false);
    if (err == 0 && ramfs_link(vp->dir, vp->name, vp->len, ino) < 0)
        err = -ENOMEM;
    if (err < 0) {
        vfs_iget(ino); /* frees it, and gives back its charge */
        vfs_iput(ino);
        return err;
    }
    vfs_iget(ino);
    vp->inode = ino;
    return 0;
}

int vfs_create(struct vfs_path *vp, uint32_t mode, struct inode **out)
{
    int err = dir_writable(vp->dir, true);
    if (err < 0)
        return err;
    if (VFS_TO_HOST(vp->dir)) {
        err = hostfs_create(vp, mode);
        *out = vp->inode;
        return err;
    }
    err = vfs_add_new(
        vp, ramfs_new_inode(LX_S_IFREG | (mode & 07777), VFS_DEV_RAMFS));
    if (err == 0)
        *out = vp->inode;
    return err;
}

int vfs_mkdir(int dirfd, char *path, uint32_t mode)
{
    struct vfs_path vp;
    int err = vfs_lookup(dirfd, path, 0, &vp);
    if (err < 0)
        return err;
    if (vp.inode)
        err = -EEXIST;
    else if ((err = dir_writable(vp.dir, true)) < 0)
        ;
    else if (VFS_TO_HOST(vp.dir))
        err = hostfs_mkdir(&vp, mode & 01777 & ~vfs_umask);
    else
        err = vfs_add_new(
            &vp, ramfs_new_inode(LX_S_IFDIR | (mode & 01777 & ~vfs_umask),
                                 VFS_DEV_RAMFS));
    vfs_path_put(&vp);
    return err;
}

static int rmdir_checks(struct vfs_path *vp)
{
    if (vp->len == 1 && vp->name[0] == '.')
        return -EINVAL;
    if (vp->len == 2 && vp->name[0] == '.' && vp->name[1] == '.')
        return -ENOTEMPTY;
    if (vp->len == 0 || !vp->dir)
        return -EBUSY;
    if (!vp->inode)
        return -ENOENT;
    if (!VFS_ISDIR(vp->inode->mode))
        return -ENOTDIR;
    if (vp->inode == vfs_root || VFS_IS_MOUNT(vp->inode))
        return -EBUSY;
    int err = dir_writable(vp->dir, false);
    if (err < 0)
        return err;
    if (vp->inode->u.dir.first ||
        (vp->inode->iops && !(vp->inode->flags & INODE_HOST)))
        return -ENOTEMPTY; /* the host says whether its are empty */
    return 0;
}

int vfs_unlink(int dirfd, char *path, bool rmdir)
{
    struct vfs_path vp;
    int err = vfs_lookup(dirfd, path, 0, &vp);
    if (err < 0)
        return err;
    if (rmdir)
        err = rmdir_checks(&vp);
    else if (vfs_path_dots(&vp) || !vp.dir)
        err = -EISDIR;
    else if (!vp.inode)
        err = -ENOENT;
    else if (VFS_ISDIR(vp.inode->mode))
        err = -EISDIR;
    else
        err = dir_writable(vp.dir, false);
    if (err == 0 && VFS_OVL_LOWER(vp.dir))
        err = ovl_unlink(&vp, rmdir);
    else if (err == 0 && VFS_TO_HOST(vp.dir))
        err = hostfs_unlink(&vp, rmdir);
    else if (err == 0)
        ramfs_unlink(ramfs_lookup(vp.dir, vp.name, vp.len));
    vfs_path_put(&vp);
    return err;
}

/* Whether a is b or one of its ancestors. */
static bool is_ancestor(struct inode *a, struct inode *b)
{
    for (;;) {
        if (a == b)
            return true;
        if (b == vfs_root || !b->dent)
            return false;
        b = b->dent->dir;
    }
}

static int rename_checks(struct vfs_path *o, struct vfs_path *n, unsigned flags)
{
    bool xchg = flags & LX_RENAME_EXCHANGE;
    if (o->dir && n->dir && o->dir->dev != n->dir->dev)
        return -EXDEV;
    if (vfs_path_dots(o) || !o->dir)
        return -EBUSY;
    if (vfs_path_dots(n) || !n->dir)
        return flags & LX_RENAME_NOREPLACE ? -EEXIST : -EBUSY;
    if (!o->inode)
        return -ENOENT;
    if (n->inode && (flags & LX_RENAME_NOREPLACE))
        return -EEXIST;
    if (!n->inode && xchg)
        return -ENOENT;
    if (!VFS_ISDIR(o->inode->mode) && (o->slash || (!xchg && n->slash)))
        return -ENOTDIR;
    if (n->inode && !VFS_ISDIR(n->inode->mode) && n->slash)
        return -ENOTDIR;
    if (VFS_ISDIR(o->inode->mode) && is_ancestor(o->inode, n->dir))
        return -EINVAL;
    if (n->inode && VFS_ISDIR(n->inode->mode) && is_ancestor(n->inode, o->dir))
        return xchg ? -EINVAL : -ENOTEMPTY;
    if (VFS_IS_MOUNT(o->inode) || (n->inode && VFS_IS_MOUNT(n->inode)))
        return -EBUSY;
    if (o->inode == n->inode)
        return 1; /* the same file: nothing to do */
    if (n->inode && !xchg) {
        bool odir = VFS_ISDIR(o->inode->mode);
        bool ndir = VFS_ISDIR(n->inode->mode);
        if (odir && !ndir)
            return -ENOTDIR;
        if (!odir && ndir)
            return -EISDIR;
        if (ndir && (n->inode->u.dir.first ||
                     (n->inode->iops && !(n->inode->flags & INODE_HOST))))
            return -ENOTEMPTY;
    }
    int err = dir_writable(o->dir, false);
    return err < 0 ? err : dir_writable(n->dir, true);
}

static int do_rename(struct vfs_path *o, struct vfs_path *n, bool xchg)
{
    struct dentry *od = ramfs_lookup(o->dir, o->name, o->len);
    struct dentry *nd = n->inode ? ramfs_lookup(n->dir, n->name, n->len) : 0;
    struct dentry *d1 = ramfs_dentry_new(n->name, n->len);
    struct dentry *d2 = xchg ? ramfs_dentry_new(o->name, o->len) : NULL;
    if (!od || !d1 || (xchg && !d2) || (n->inode && !nd)) {
        kfree(d1);
        kfree(d2);
        return od ? -ENOMEM : -ENOENT;
    }
    /* o->inode and n->inode hold references: nothing is freed here */
    if (nd)
        ramfs_unlink(nd);
    ramfs_unlink(od);
    ramfs_dentry_add(n->dir, d1, o->inode);
    if (xchg)
        ramfs_dentry_add(o->dir, d2, n->inode);
    return 0;
}

int vfs_rename(int odfd, char *opath, int ndfd, char *npath, unsigned flags)
{
    struct vfs_path o, n;
    if (flags & ~(unsigned)(LX_RENAME_NOREPLACE | LX_RENAME_EXCHANGE))
        return -EINVAL; /* RENAME_WHITEOUT: no overlay file systems here */
    if ((flags & LX_RENAME_NOREPLACE) && (flags & LX_RENAME_EXCHANGE))
        return -EINVAL;
    int err = vfs_lookup(odfd, opath, 0, &o);
    if (err < 0)
        return err;
    err = vfs_lookup(ndfd, npath, 0, &n);
    if (err < 0) {
        vfs_path_put(&o);
        return err;
    }
    err = rename_checks(&o, &n, flags);
    if (err == 0 && (VFS_OVL_LOWER(o.dir) || VFS_OVL_LOWER(n.dir)))
        err = ovl_rename(&o, &n, flags);
    else if (err == 0 && VFS_TO_HOST(o.dir))
        err = flags & LX_RENAME_EXCHANGE ? -EINVAL : hostfs_rename(&o, &n);
    else if (err == 0)
        err = do_rename(&o, &n, flags & LX_RENAME_EXCHANGE);
    vfs_path_put(&o);
    vfs_path_put(&n);
    return err > 0 ? 0 : err;
}

int vfs_symlink(const char *target, int dirfd, char *path)
{
    struct vfs_path vp;
    size_t tlen = strlen(target);
    if (tlen == 0)
        return -ENOENT;
    int err = vfs_lookup(dirfd, path, 0, &vp);
    if (err < 0)
        return err;
    err = vfs_path_dots(&vp) ? -EEXIST : vfs_mknod_check(&vp);
    if (err == 0 && VFS_TO_HOST(vp.dir))
        err = hostfs_symlink(&vp, target);
    else if (err == 0)
        err = vfs_add_new(&vp, ramfs_new_symlink(target, tlen, VFS_DEV_RAMFS));
    vfs_path_put(&vp);
    return err;
}

/* link in the default view: a host file is copied up first, and the new
 * name goes to the upper directory (overlay.c). */
static int link_in_overlay(struct vfs_path *o, struct vfs_path *n)
{
    int err = VFS_OVL_LOWER(o->inode) ? ovl_copy_up(&o->inode) : 0;
    if (err == 0 && VFS_OVL_LOWER(n->dir))
        err = ovl_to_upper(n);
    return err ? err : ramfs_link(n->dir, n->name, n->len, o->inode);
}

int vfs_link(int odfd, char *opath, int ndfd, char *npath, unsigned flags)
{
    struct vfs_path o, n;
    if (flags & ~(unsigned)(LX_AT_SYMLINK_FOLLOW | LX_AT_EMPTY_PATH))
        return -EINVAL;
    unsigned lf = (flags & LX_AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
                  (flags & LX_AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    int err = vfs_lookup(odfd, opath, lf, &o);
    if (err < 0)
        return err;
    if (!o.inode) {
        vfs_path_put(&o);
        return -ENOENT;
    }
    err = vfs_lookup(ndfd, npath, 0, &n);
    if (err == 0) {
        if (VFS_ISDIR(o.inode->mode))
            err = -EPERM;
        else if (vfs_path_dots(&n))
            err = -EEXIST;
        else if ((err = vfs_mknod_check(&n)) == 0 &&
                 o.inode->dev != n.dir->dev)
            err = -EXDEV; /* devfs and procfs nodes stay where they are */
        else if (err == 0 && o.inode->nlink &&
                 (o.inode->flags & INODE_CHARGED) && !ramfs_inodes_free())
            err = -ENOSPC; /* tmpfs counts each extra name as an inode */
        if (err == 0 && VFS_TO_HOST(n.dir))
            err = hostfs_link(o.inode, &n);
        else if (err == 0 && (n.dir->flags & INODE_OVL))
            err = link_in_overlay(&o, &n);
        else if (err == 0 && o.inode->dev != VFS_DEV_RAMFS)
            err = -EXDEV;
        else if (err == 0)
            err = ramfs_link(n.dir, n.name, n.len, o.inode);
        if (err == 0)
            vfs_touch(o.inode, false);
        vfs_path_put(&n);
    }
    vfs_path_put(&o);
    return err;
}

int vfs_truncate_inode(struct inode *ino, int64_t size)
{
    if (VFS_ISDIR(ino->mode))
        return -EISDIR;
    if (!VFS_ISREG(ino->mode))
        return -EINVAL;
    if (size < 0)
        return -EINVAL;
    if (ino->flags & INODE_ROFS)
        return -EROFS;
    if (ino->flags & INODE_RO)
        return -EPERM;
    if (VFS_TO_HOST(ino))
        return hostfs_setattr(
            ino, &(struct p9_setattr){.valid = P9_SET_SIZE, .size = (uint64_t)size});
    if (VFS_OVL_LOWER(ino)) { /* truncate(2) of a host file: a copy's */
        vfs_iget(ino);
        int err = ovl_copy_up(&ino);
        if (err == 0)
            err = ramfs_truncate(ino, (uint64_t)size);
        vfs_iput(ino);
        return err;
    }
    return ramfs_truncate(ino, (uint64_t)size);
}
