/* SPDX-License-Identifier: MIT */
/*
 * Host directories (-v): kernel/fs/hostfs.c (inodes, files, mounting)
 * and hostfs_ops.c (changes to the tree, which dirops.c and
 * syscall/fs_attr.c hand over for an inode marked INODE_HOST).
 */
#ifndef UK_FS_HOSTFS_H
#define UK_FS_HOSTFS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/fs/p9.h"

struct inode;
struct file;
struct vfs_path;
struct linux_statfs;

/* vfs_read_pages of a host file: one read, into the frames directly. */
long hostfs_read_pages(struct file *f, uint64_t off, const uint64_t *frames,
                       unsigned n, bool may_sleep);
/* vfs_file_page of a host file (read-only mappings only). */
void *hostfs_page(struct file *f, uint64_t idx, long *err);

/* What a host inode's priv is. */
struct hnode {
    struct p9 *c;
    uint32_t fid; /* walked to the object, never opened */
    /* pages of MAP_SHARED mappings, read once: cache[idx] */
    void **cache;
    uint64_t ncache;
    struct inode *upper; /* a mount's root in an overlay: its upper tree */
};
static inline struct p9 *hostfs_client(struct inode *ino)
{
    return ((struct hnode *)ino->priv)->c;
}
static inline uint32_t hostfs_fid(struct inode *ino)
{
    return ((struct hnode *)ino->priv)->fid;
}
/* The name in host directory dir: a new reference in *out, or -errno. */
int hostfs_lookup(struct inode *dir, const char *name, size_t len,
                  struct inode **out);

/* stat from the host.  getdents64 of the host's entries but those named
 * in hide (NULL: none): 1 at the end of them, 0 when ctx is full, or
 * -errno. */
int hostfs_stat(struct inode *ino, struct linux_stat *st);
int hostfs_readdir(struct inode *dir, struct vfs_dirctx *ctx,
                   struct inode *hide);

/* hostfs_cache.c: the inode of name in dir, looked up lately (a new
 * reference), or NULL; remember one (ino->dent names it); forget one. */
struct inode *hostfs_cache_get(struct inode *dir, const char *name, size_t len);
void hostfs_cache_put(struct inode *dir, struct inode *ino);
void hostfs_cache_forget(struct inode *dir, const char *name, size_t len);

/* hostfs_ops.c: vp->dir is a host directory, vp->inode missing (create,
 * which sets it, mkdir, symlink) or present (unlink), all checked. */
int hostfs_create(struct vfs_path *vp, uint32_t mode);
int hostfs_mkdir(struct vfs_path *vp, uint32_t mode);
int hostfs_symlink(struct vfs_path *vp, const char *target);
int hostfs_unlink(struct vfs_path *vp, bool rmdir);
int hostfs_rename(struct vfs_path *o, struct vfs_path *n);
/* A new name n for host inode ino of the same mount. */
int hostfs_link(struct inode *ino, struct vfs_path *n);
int hostfs_setattr(struct inode *ino, const struct p9_setattr *s);
int hostfs_fsync(struct file *f, bool datasync);
int hostfs_statfs(struct inode *ino, struct linux_statfs *st);

/* overlay.c: a host directory of the default view (mount kind 'o',
 * INODE_OVL) under an in-memory upper tree, as Linux's overlayfs with a
 * tmpfs on top: the host is never changed. */
/* Give mount root root its upper tree: 0 or -ENOMEM. */
int ovl_mount(struct inode *root);
/* The inode_ops of its host directories. */
int ovl_lookup(struct inode *dir, const char *name, size_t len,
               struct inode **out);
int ovl_iterate(struct inode *dir, struct vfs_dirctx *ctx);
int ovl_stat(struct inode *ino, struct linux_stat *st);
/* vp names a missing name in host directory vp->dir (VFS_OVL_LOWER):
 * vp->dir becomes its upper directory (made if missing), where the
 * name's whiteout, if any, is gone.  0 or -errno. */
int ovl_to_upper(struct vfs_path *vp);
/* *ino (a reference) is VFS_OVL_LOWER: it becomes its upper copy, made
 * now (a directory's shadow, or a file's copy).  0 or -errno. */
int ovl_copy_up(struct inode **ino);
/* Remove vp->inode from host directory vp->dir (VFS_OVL_LOWER), checks
 * made: its upper object goes, and a whiteout hides the host's. */
int ovl_unlink(struct vfs_path *vp, bool rmdir);
/* rename, where o->dir or n->dir is VFS_OVL_LOWER, checks made. */
int ovl_rename(struct vfs_path *o, struct vfs_path *n, unsigned flags);

#endif
