/* SPDX-License-Identifier: MIT */
/*
 * Changes to a host directory (-v ...:rw): dirops.c and fs_attr.c have
 * made Linux's checks; the host makes the change, and says why not (a
 * read-only mount never gets here: INODE_ROFS gives EROFS first).
 */
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"

int hostfs_create(struct vfs_path *vp, uint32_t mode)
{
    struct p9 *c = hostfs_client(vp->dir);
    uint32_t fid = p9_fid_new(c);
    int err = p9_walk(c, hostfs_fid(vp->dir), fid, NULL, 0);
    if (err < 0)
        return err;
    err = p9_lcreate(c, fid, vp->name, vp->len,
                     LX_O_WRONLY | LX_O_CREAT | LX_O_EXCL, mode & 07777);
    p9_clunk(c, fid); /* opened on the new file: only its name counts */
    return err < 0 ? err : hostfs_lookup(vp->dir, vp->name, vp->len, &vp->inode);
}

int hostfs_mkdir(struct vfs_path *vp, uint32_t mode)
{
    return p9_mkdir(hostfs_client(vp->dir), hostfs_fid(vp->dir), vp->name,
                    vp->len, mode & 07777);
}

int hostfs_symlink(struct vfs_path *vp, const char *target)
{
    return p9_symlink(hostfs_client(vp->dir), hostfs_fid(vp->dir), vp->name,
                      vp->len, target);
}

int hostfs_unlink(struct vfs_path *vp, bool rmdir)
{
    hostfs_cache_forget(vp->dir, vp->name, vp->len);
    return p9_unlinkat(hostfs_client(vp->dir), hostfs_fid(vp->dir), vp->name,
                       vp->len, rmdir);
}

int hostfs_rename(struct vfs_path *o, struct vfs_path *n)
{
    hostfs_cache_forget(o->dir, o->name, o->len);
    hostfs_cache_forget(n->dir, n->name, n->len);
    return p9_renameat(hostfs_client(o->dir), hostfs_fid(o->dir), o->name,
                       o->len, hostfs_fid(n->dir), n->name, n->len);
}

int hostfs_link(struct inode *ino, struct vfs_path *n)
{
    return p9_link(hostfs_client(n->dir), hostfs_fid(n->dir), hostfs_fid(ino),
                   n->name, n->len);
}

int hostfs_setattr(struct inode *ino, const struct p9_setattr *s)
{
    int err = p9_setattr(hostfs_client(ino), hostfs_fid(ino), s);
    if (err == 0 && (s->valid & P9_SET_SIZE))
        ino->size = s->size;
    return err;
}

int hostfs_fsync(struct file *f, bool datasync)
{
    return p9_fsync(hostfs_client(f->inode), (uint32_t)(uintptr_t)f->priv,
                    datasync);
}

int hostfs_statfs(struct inode *ino, struct linux_statfs *st)
{
    struct p9_statfs s;
    int err = p9_statfs(hostfs_client(ino), hostfs_fid(ino), &s);
    if (err < 0)
        return err;
    st->f_type = s.type;
    st->f_bsize = st->f_frsize = s.bsize;
    st->f_blocks = s.blocks;
    st->f_bfree = s.bfree;
    st->f_bavail = s.bavail;
    st->f_files = s.files;
    st->f_ffree = s.ffree;
    return 0;
}
