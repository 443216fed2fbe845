/* SPDX-License-Identifier: MIT */
/*
 * The default view's host directories (mount kind 'o'): the host's tree
 * read-only below, an in-memory upper tree on top, as Linux's overlayfs
 * with a tmpfs upper and no redirect_dir.  Changes stay in the upper
 * tree and vanish with the VM; the host is never written.
 *
 * A host directory D of such a mount (INODE_HOST | INODE_OVL) may have a
 * shadow: a ramfs directory (INODE_SHADOW, priv D held) at D's path in
 * the mount's upper tree, whose root is the mount root's.  It holds
 *  - objects made in D or copied up from it (ramfs inodes, INODE_OVL),
 *    which hide the host's of the same name;
 *  - whiteouts: names removed from the host's (the one inode whiteout);
 *  - the shadows of D's subdirectories.
 * A directory made where the host has none is a plain upper directory,
 * which hides any host directory of its name (overlayfs's opaque one).
 * A shadow is reached by D's path, so any inode of D finds it.  Lookups
 * look in it first; a file is copied up when it is opened for writing,
 * truncated, linked, or its attributes change.  A host directory is not
 * renamed (EXDEV: mv copies it).
 */
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"

#define COPY_CHUNK 65536
/* Inode numbers of objects made in the upper tree: apart from the host's */
#define OVL_NEW_INO (1ULL << 62)
/* In an overlay directory's open file (priv, above the fid): getdents64
 * has listed the host's entries and goes on with the upper ones. */
#define UPPER_PHASE (1ULL << 32)

static struct inode *whiteout;

static void shadow_evict(struct inode *s)
{
    vfs_iput(s->priv);
}

static const struct inode_ops shadow_iops = {.evict = shadow_evict};

/* A change of dir's names that is no change of what it shows. */
static int link_quietly(struct inode *dir, struct dentry *d, struct inode *ino)
{
    uint64_t m = dir->mtime, c = dir->ctime;
    ramfs_dentry_add(dir, d, ino);
    dir->mtime = m;
    dir->ctime = c;
    return 0;
}

/* to, made in the upper tree for host object h, takes h's inode number,
 * owner and times (as h last had them from the host). */
static void copy_attrs(struct inode *to, const struct inode *h)
{
    to->ino = h->ino;
    to->uid = h->uid;
    to->gid = h->gid;
    to->atime = h->atime;
    to->mtime = h->mtime;
    to->ctime = h->ctime;
}

/* A new shadow of host directory h, with h's attributes, named name in
 * upper directory up (NULL for a mount's upper root, then held). */
static struct inode *new_shadow(struct inode *h, struct inode *up,
                                const char *name, size_t len)
{
    struct inode *s = ramfs_new_inode(h->mode, h->dev);
    struct dentry *d = up ? ramfs_dentry_new(name, len) : NULL;
    if (!s || (up && !d)) {
        kfree(s);
        kfree(d);
        return NULL;
    }
    copy_attrs(s, h);
    s->flags |= INODE_OVL | INODE_SHADOW;
    s->iops = &shadow_iops;
    s->priv = h;
    vfs_iget(h);
    if (up)
        link_quietly(up, d, s);
    else
        vfs_iget(s);
    return s;
}

int ovl_mount(struct inode *root)
{
    struct hnode *h = root->priv;
    h->upper = new_shadow(root, NULL, NULL, 0);
    return h->upper ? 0 : -ENOMEM;
}

/* The shadow of host directory d (borrowed), made with its parents' when
 * make: NULL with *err 0 when it has none, or with -errno (-ENOENT when
 * d has been removed or hidden since it was looked up). */
static struct inode *upper_of(struct inode *d, bool make, int *err)
{
    struct inode *small[16], **chain = small, *i, *s;
    size_t depth = 0;
    *err = 0;
    for (i = d; VFS_OVL_LOWER(i) && !VFS_IS_MOUNT(i); i = i->dent->dir)
        depth++;
    s = ((struct hnode *)i->priv)->upper;
    if (depth == 0 || (!make && !s->u.dir.first))
        return depth ? NULL : s;
    if (depth > 16 && !(chain = kmalloc(depth * sizeof(*chain)))) {
        *err = -ENOMEM;
        return NULL;
    }
    size_t k = depth;
    for (i = d; k > 0; i = i->dent->dir)
        chain[--k] = i;
    for (k = 0; k < depth && s; k++) {
        struct dentry *n = chain[k]->dent;
        struct dentry *e = ramfs_lookup(s, n->name, n->len);
        if (e && (e->inode->flags & INODE_SHADOW))
            s = e->inode;
        else if (e)
            s = NULL, *err = -ENOENT;
        else if (make && !(s = new_shadow(chain[k], s, n->name, n->len)))
            *err = -ENOMEM;
        else if (!make)
            s = NULL;
    }
    if (chain != small)
        kfree(chain);
    return s;
}

int ovl_lookup(struct inode *dir, const char *name, size_t len,
               struct inode **out)
{
    int err;
    struct inode *s = upper_of(dir, false, &err);
    struct dentry *e = s ? ramfs_lookup(s, name, len) : NULL;
    if (err < 0)
        return err;
    if (!e)
        return hostfs_lookup(dir, name, len, out);
    if (e->inode->flags & INODE_WHITEOUT)
        return -ENOENT;
    *out = e->inode->flags & INODE_SHADOW ? e->inode->priv : e->inode;
    vfs_iget(*out);
    return 0;
}

/* A directory's mode, owner and times are its shadow's, once it has one
 * (set from the host's, then changed here); the rest is the host's. */
int ovl_stat(struct inode *ino, struct linux_stat *st)
{
    int err = hostfs_stat(ino, st), e;
    struct inode *s = VFS_ISDIR(ino->mode) ? upper_of(ino, false, &e) : NULL;
    if (err == 0 && s) {
        struct linux_stat u;
        vfs_fill_stat(s, &u);
        st->st_mode = u.st_mode;
        st->st_uid = u.st_uid;
        st->st_gid = u.st_gid;
        st->st_atim = u.st_atim;
        st->st_mtim = u.st_mtim;
        st->st_ctim = u.st_ctim;
    }
    return err;
}

/* The host's entries first (less those the upper tree names: its
 * objects and whiteouts), at the host's offsets; then the upper ones, at
 * their cookies, with the phase kept in the open file.  So a name copied
 * up while the listing runs still shows once.  A position below 2 in the
 * upper phase is a rewind. */
int ovl_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    uintptr_t *phase = (uintptr_t *)&ctx->file->priv;
    int err;
    struct inode *s = upper_of(dir, false, &err);
    if (err < 0)
        return err;
    if ((*phase & UPPER_PHASE) && ctx->pos < 2) {
        *phase &= ~UPPER_PHASE;
        ctx->pos = 0;
    }
    if (!(*phase & UPPER_PHASE)) {
        int r = hostfs_readdir(dir, ctx, s);
        if (r <= 0)
            return r;
        *phase |= UPPER_PHASE;
        ctx->pos = 2;
    }
    for (struct dentry *d = s ? s->u.dir.first : NULL; d; d = d->next) {
        struct inode *i = d->inode;
        if (d->cookie < ctx->pos || (i->flags & INODE_WHITEOUT))
            continue;
        if (i->flags & INODE_SHADOW)
            i = i->priv;
        if (!vfs_dir_emit(ctx, d->name, d->len, i->ino,
                          (i->mode & LX_S_IFMT) >> 12, d->cookie + 1))
            return 0;
    }
    return 0;
}

int ovl_to_upper(struct vfs_path *vp)
{
    int err;
    struct inode *s = upper_of(vp->dir, true, &err);
    if (!s)
        return err;
    struct dentry *e = ramfs_lookup(s, vp->name, vp->len);
    if (e && !(e->inode->flags & INODE_WHITEOUT))
        return -EEXIST;
    if (e)
        ramfs_unlink(e);
    vfs_iget(s);
    vfs_iput(vp->dir);
    vp->dir = s;
    return 0;
}

/* The inode of every whiteout (made once, kept): NULL on -ENOMEM. */
static struct inode *whiteout_inode(void)
{
    if (!whiteout && (whiteout = ramfs_new_inode(LX_S_IFCHR, 0))) {
        whiteout->flags |= INODE_OVL | INODE_WHITEOUT;
        vfs_iget(whiteout);
    }
    return whiteout;
}

/* Copy host file h's bytes into upper file u. */
static int copy_data(struct inode *h, struct inode *u)
{
    long err = 0;
    struct file *f = vfs_open_inode(h, LX_O_RDONLY, &err);
    char *buf = f ? kmalloc(COPY_CHUNK) : NULL;
    for (uint64_t pos = 0; buf;) {
        struct vfs_iter it;
        long n = vfs_pread_kernel(f, buf, COPY_CHUNK, pos);
        if (n <= 0) {
            err = n;
            break;
        }
        vfs_iter_init(&it, buf, (size_t)n, true);
        if ((err = ramfs_write(u, &it, pos)) < 0)
            break;
        pos += (uint64_t)n;
    }
    if (f && !buf)
        err = -ENOMEM;
    kfree(buf);
    if (f)
        file_put(f);
    return (int)err;
}

/* A copy of host file h, counted against the root's limits, with h's
 * attributes and inode number: NULL with *err. */
static struct inode *copy_file(struct inode *h, int *err)
{
    struct linux_stat st;
    struct inode *u = NULL;
    if ((*err = hostfs_stat(h, &st)) < 0) /* h's attributes, afresh */
        return NULL;
    if (VFS_ISREG(h->mode)) {
        u = ramfs_new_inode(h->mode, h->dev);
    } else if (VFS_ISLNK(h->mode)) {
        char *t = kmalloc(VFS_PATH_MAX);
        long n = t ? vfs_readlink_inode(h, t, VFS_PATH_MAX) : -ENOMEM;
        u = n > 0 ? ramfs_new_symlink(t, (size_t)n, h->dev) : NULL;
        kfree(t);
        if (n <= 0) {
            *err = n ? (int)n : -EIO;
            return NULL;
        }
    } else {
        *err = -EOPNOTSUPP; /* no devices, fifos or sockets from the host */
        return NULL;
    }
    if (!u) {
        *err = -ENOMEM;
        return NULL;
    }
    u->flags |= INODE_OVL;
    vfs_iget(u);
    if ((*err = ramfs_charge_new(u, false)) < 0 ||
        (VFS_ISREG(h->mode) && (*err = copy_data(h, u)) < 0)) {
        vfs_iput(u); /* frees it, and gives back its charge */
        return NULL;
    }
    copy_attrs(u, h);
    return u;
}

int ovl_copy_up(struct inode **ino)
{
    struct inode *h = *ino, *s, *u;
    int err;
    if (VFS_ISDIR(h->mode)) {
        if (!(u = upper_of(h, true, &err)))
            return err;
        vfs_iget(u);
    } else {
        struct dentry *n = h->dent, *e, *d;
        if (!(s = upper_of(n->dir, true, &err)))
            return err;
        if ((e = ramfs_lookup(s, n->name, n->len))) {
            /* copied up through another inode, or removed since */
            if (e->inode->flags & (INODE_WHITEOUT | INODE_SHADOW))
                return -ENOENT;
            u = e->inode;
            vfs_iget(u);
        } else if (!(d = ramfs_dentry_new(n->name, n->len))) {
            return -ENOMEM;
        } else if (!(u = copy_file(h, &err))) {
            kfree(d);
            return err;
        } else {
            link_quietly(s, d, u);
        }
    }
    vfs_iput(h);
    *ino = u;
    return 0;
}

/* Whether the host has name in directory dir (an error says yes). */
static bool host_has(struct inode *dir, const char *name, size_t len)
{
    struct inode *h;
    int err = hostfs_lookup(dir, name, len, &h);
    if (err == 0)
        vfs_iput(h);
    return err != -ENOENT;
}

/* 0 if host directory dir shows nothing but "." and "..", else
 * -ENOTEMPTY or -errno. */
static int merged_empty(struct inode *dir)
{
    long err = 0;
    struct file *f = vfs_open_inode(dir, LX_O_RDONLY | LX_O_DIRECTORY, &err);
    struct vfs_dirctx c = {.cap = 1024, .file = f};
    if (f && !(c.buf = kmalloc(c.cap)))
        err = -ENOMEM;
    while (c.buf && err == 0) {
        c.used = 0;
        if ((err = ovl_iterate(dir, &c)) < 0 || c.used == 0)
            break;
        for (size_t at = 0; at < c.used && err == 0;) {
            struct linux_dirent64 *d = (void *)(c.buf + at);
            if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
                err = -ENOTEMPTY;
            at += d->d_reclen;
        }
    }
    kfree(c.buf);
    if (f)
        file_put(f);
    return (int)err;
}

/* Host directory d was removed: nothing more is made in it, getcwd and
 * getdents64 say ENOENT.  Its ".." then holds a reference, as a removed
 * ramfs directory's does (inode_free lets it go). */
static void mark_removed(struct inode *d)
{
    vfs_iget(d->u.dir.up);
    d->flags |= INODE_DEAD;
}

/* Drop upper entry e of a directory, a shadow with whatever whiteouts it
 * holds (its directory shows nothing, checked before). */
static void drop_entry(struct dentry *e)
{
    if (e->inode->flags & INODE_SHADOW)
        ramfs_destroy_tree(e->inode);
    ramfs_unlink(e);
}

int ovl_unlink(struct vfs_path *vp, bool rmdir)
{
    struct inode *x = vp->inode, *s;
    int err;
    if (rmdir && VFS_OVL_LOWER(x) && (err = merged_empty(x)) < 0)
        return err;
    bool lower = VFS_OVL_LOWER(x) || host_has(vp->dir, vp->name, vp->len);
    if (!(s = upper_of(vp->dir, true, &err)))
        return err;
    struct dentry *e = ramfs_lookup(s, vp->name, vp->len);
    struct dentry *w = lower ? ramfs_dentry_new(vp->name, vp->len) : NULL;
    if (lower && (!w || !whiteout_inode())) {
        kfree(w);
        return -ENOMEM;
    }
    if (e)
        drop_entry(e);
    if (w)
        ramfs_dentry_add(s, w, whiteout);
    if (VFS_OVL_LOWER(x) && VFS_ISDIR(x->mode))
        mark_removed(x);
    return 0;
}

/* The upper directory a change in dir goes to (borrowed): dir itself,
 * or a host directory's shadow. */
static struct inode *upper_dir(struct inode *dir, int *err)
{
    *err = 0;
    return VFS_OVL_LOWER(dir) ? upper_of(dir, true, err) : dir;
}

int ovl_rename(struct vfs_path *o, struct vfs_path *n, unsigned flags)
{
    struct inode *x = o->inode, *y = n->inode, *os, *ns;
    int err;
    if (flags & LX_RENAME_EXCHANGE)
        return -EINVAL;
    if (VFS_ISDIR(x->mode) && VFS_OVL_LOWER(x))
        return -EXDEV; /* as overlayfs without redirect_dir: mv copies */
    if (y && VFS_ISDIR(y->mode) && VFS_OVL_LOWER(y) &&
        (err = merged_empty(y)) < 0)
        return err;
    bool lower = VFS_OVL_LOWER(o->dir) &&
                 (VFS_OVL_LOWER(x) || host_has(o->dir, o->name, o->len));
    vfs_iget(x);
    if ((err = VFS_OVL_LOWER(x) ? ovl_copy_up(&x) : 0) < 0 ||
        !(os = upper_dir(o->dir, &err)) || !(ns = upper_dir(n->dir, &err))) {
        vfs_iput(x);
        return err;
    }
    struct dentry *od = ramfs_lookup(os, o->name, o->len);
    struct dentry *nd = ramfs_lookup(ns, n->name, n->len);
    struct dentry *d = ramfs_dentry_new(n->name, n->len);
    struct dentry *w = lower ? ramfs_dentry_new(o->name, o->len) : NULL;
    if (!od || od->inode != x || !d || (lower && (!w || !whiteout_inode()))) {
        kfree(d);
        kfree(w);
        vfs_iput(x);
        return od && od->inode == x ? -ENOMEM : -ENOENT;
    }
    if (nd)
        drop_entry(nd);
    ramfs_unlink(od);
    ramfs_dentry_add(ns, d, x);
    if (w)
        ramfs_dentry_add(os, w, whiteout);
    if (y && VFS_OVL_LOWER(y) && VFS_ISDIR(y->mode))
        mark_removed(y);
    vfs_iput(x);
    return 0;
}
