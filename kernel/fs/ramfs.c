/* SPDX-License-Identifier: MIT */
/*
 * The in-memory tree: inodes, and directory entries kept twice, in one
 * global hash table keyed by (directory, name) for lookups and in a list
 * per directory, oldest first, for getdents64.
 */
#include "kernel/fs/file.h"
#include "kernel/time.h"

static uint64_t next_ino = 1;
static struct dentry **htab;
static size_t hsize, hcount;

uint64_t vfs_now(void)
{
    return time_realtime_ns();
}

void vfs_touch(struct inode *ino, bool mtime)
{
    uint64_t t = vfs_now();
    ino->ctime = t;
    if (mtime)
        ino->mtime = t;
}

struct inode *ramfs_new_inode(uint32_t mode, uint32_t dev)
{
    struct inode *ino = kzalloc(sizeof(*ino));
    if (!ino)
        return NULL;
    ino->ino = next_ino++;
    ino->mode = mode;
    ino->dev = dev;
    ino->atime = ino->mtime = ino->ctime = vfs_now();
    if (VFS_ISDIR(mode)) {
        ino->u.dir.next_cookie = 2;
        ino->fops = &vfs_dir_ops;
    } else if (VFS_ISREG(mode)) {
        ino->fops = &ramfs_file_ops;
    }
    return ino;
}

struct inode *ramfs_new_symlink(const char *target, size_t len, uint32_t dev)
{
    struct inode *ino = ramfs_new_inode(LX_S_IFLNK | 0777, dev);
    char *t = kmalloc(len + 1);
    if (!ino || !t) {
        kfree(ino);
        kfree(t);
        return NULL;
    }
    memcpy(t, target, len);
    t[len] = 0;
    ino->u.lnk.target = t;
    ino->size = len;
    return ino;
}

static void inode_free(struct inode *ino)
{
    if (ino->iops && ino->iops->evict)
        ino->iops->evict(ino);
    ramfs_uncharge(ino);
    if (VFS_ISREG(ino->mode))
        ramfs_free_data(ino);
    else if (VFS_ISLNK(ino->mode))
        kfree(ino->u.lnk.target);
    else if (VFS_ISDIR(ino->mode) && (ino->flags & INODE_DEAD))
        vfs_iput(ino->u.dir.up);
    kfree(ino);
}

void vfs_iget(struct inode *ino)
{
    ino->refs++;
}

void vfs_iput(struct inode *ino)
{
    if (--ino->refs == 0 && ino->nlink == 0)
        inode_free(ino);
}

/* Whether a name of ino beyond its first counts as an inode of the root:
 * tmpfs counts the extra names of anything but a directory. */
static bool name_counts(const struct inode *ino)
{
    return (ino->flags & INODE_CHARGED) && !VFS_ISDIR(ino->mode);
}

static uint32_t name_hash(const struct inode *dir, const char *name, size_t len)
{
    uint32_t h = 2166136261u ^ (uint32_t)(dir->ino * 0x9e3779b1u);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

static int grow_table(void)
{
    size_t nsize = hsize ? hsize * 2 : 32;
    struct dentry **n = kzalloc(nsize * sizeof(*n));
    if (!n)
        return -ENOMEM;
    for (size_t i = 0; i < hsize; i++) {
        struct dentry *d = htab[i], *next;
        for (; d; d = next) {
            next = d->hnext;
            d->hnext = n[d->hash & (nsize - 1)];
            n[d->hash & (nsize - 1)] = d;
        }
    }
    kfree(htab);
    htab = n;
    hsize = nsize;
    return 0;
}

struct dentry *ramfs_lookup(struct inode *dir, const char *name, size_t len)
{
    if (!hsize)
        return NULL;
    uint32_t h = name_hash(dir, name, len);
    for (struct dentry *d = htab[h & (hsize - 1)]; d; d = d->hnext)
        if (d->hash == h && d->dir == dir && d->len == len &&
            memcmp(d->name, name, len) == 0)
            return d;
    return NULL;
}

struct dentry *ramfs_dentry_new(const char *name, size_t len)
{
    if (hcount >= hsize && grow_table() < 0)
        return NULL;
    struct dentry *d = kmalloc(sizeof(*d) + len + 1);
    if (!d)
        return NULL;
    d->len = (uint16_t)len;
    memcpy(d->name, name, len);
    d->name[len] = 0;
    return d;
}

void ramfs_dentry_add(struct inode *dir, struct dentry *d, struct inode *ino)
{
    d->hash = name_hash(dir, d->name, d->len);
    d->dir = dir;
    d->inode = ino;
    d->cookie = dir->u.dir.next_cookie++;
    d->hnext = htab[d->hash & (hsize - 1)];
    htab[d->hash & (hsize - 1)] = d;
    hcount++;
    d->next = NULL;
    d->prev = dir->u.dir.last;
    if (d->prev)
        d->prev->next = d;
    else
        dir->u.dir.first = d;
    dir->u.dir.last = d;
    dir->u.dir.nentries++;
    if (name_counts(ino) && ino->nlink > 0)
        ramfs_take_inode(true); /* vfs_link checked there was room */
    ino->nlink++;
    ino->dent = d;
    if (VFS_ISDIR(ino->mode)) {
        struct inode *old = ino->flags & INODE_DEAD ? ino->u.dir.up : NULL;
        dir->u.dir.nsubdirs++;
        ino->flags &= ~INODE_DEAD;
        ino->u.dir.up = dir;
        if (old)
            vfs_iput(old);
    }
    vfs_touch(dir, true);
}

int ramfs_link(struct inode *dir, const char *name, size_t len,
               struct inode *ino)
{
    struct dentry *d = ramfs_dentry_new(name, len);
    if (!d)
        return -ENOMEM;
    ramfs_dentry_add(dir, d, ino);
    return 0;
}

void ramfs_unlink(struct dentry *d)
{
    struct inode *dir = d->dir, *ino = d->inode;
    struct dentry **pp = &htab[d->hash & (hsize - 1)];
    while (*pp != d)
        pp = &(*pp)->hnext;
    *pp = d->hnext;
    hcount--;
    if (d->prev)
        d->prev->next = d->next;
    else
        dir->u.dir.first = d->next;
    if (d->next)
        d->next->prev = d->prev;
    else
        dir->u.dir.last = d->prev;
    dir->u.dir.nentries--;
    if (VFS_ISDIR(ino->mode)) {
        dir->u.dir.nsubdirs--;
        ino->flags |= INODE_DEAD;
        vfs_iget(dir); /* ".." of a removed directory still works */
    }
    vfs_touch(dir, true);
    vfs_touch(ino, false);
    if (ino->dent == d)
        ino->dent = NULL;
    kfree(d);
    if (name_counts(ino) && ino->nlink > 1)
        ramfs_give_inode();
    ino->nlink--;
    if (ino->nlink == 0 && ino->refs == 0)
        inode_free(ino);
}

int ramfs_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    if (ctx->pos == 0) {
        if (!vfs_dir_emit(ctx, ".", 1, dir->ino, LX_DT_DIR, 1))
            return 0;
    }
    if (ctx->pos == 1) {
        struct inode *up = dir->u.dir.up ? dir->u.dir.up : dir;
        if (!vfs_dir_emit(ctx, "..", 2, up->ino, LX_DT_DIR, 2))
            return 0;
    }
    for (struct dentry *d = dir->u.dir.first; d; d = d->next) {
        if (d->cookie < ctx->pos)
            continue;
        if (!vfs_dir_emit(ctx, d->name, d->len, d->inode->ino,
                          (d->inode->mode & LX_S_IFMT) >> 12, d->cookie + 1))
            return 0;
    }
    return 0;
}

static void drop_name(struct dentry *d)
{
    struct inode *ino = d->inode;
    vfs_iget(ino);
    ramfs_unlink(d);
    /* whatever still holds it (an fd, the cwd) frees it later */
    vfs_iput(ino);
}

void ramfs_destroy_tree(struct inode *top)
{
    struct inode *cur = top; /* no recursion: trees can be deep */
    for (;;) {
        struct dentry *d = cur->u.dir.first;
        if (!d) {
            if (cur == top || !cur->dent)
                break;
            d = cur->dent;
            cur = d->dir;
            drop_name(d);
        } else if (VFS_ISDIR(d->inode->mode) && d->inode->u.dir.first) {
            cur = d->inode;
        } else {
            drop_name(d);
        }
    }
    if (hcount == 0) {
        kfree(htab);
        htab = NULL;
        hsize = 0;
    }
}
