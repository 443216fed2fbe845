/* SPDX-License-Identifier: MIT */
/*
 * Host directories (-v HOST:GUEST[:ro|:rw]): a 9P2000.L client's view
 * of the tree the VMM exports (p9.c).  Nothing is copied in: a lookup
 * walks one name on the host and makes a nameless inode for it (gone
 * with its last use, as procfs's are), a read or write goes to the host
 * in msize pieces (a read into one user buffer straight into its pages),
 * and a private mmap's faults read 16 pages at a time (vfs_read_pages).
 * Symlinks are resolved here, from their text, so the host never
 * follows one; the VMM resolves every name beneath the mount's root.
 */
#include "abi.h"
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"
#include "kernel/fs/p9.h"
#include "mm/mm.h"

static struct p9 mounts[UK_MAX_MOUNTS];

/* An open file's fid: a clone of its node's, opened. */
static uint32_t file_fid(struct file *f)
{
    return (uint32_t)(uintptr_t)f->priv;
}

static void set_attr(struct inode *ino, const struct p9_attr *a)
{
    ino->ino = a->ino;
    ino->mode = a->mode;
    ino->uid = a->uid;
    ino->gid = a->gid;
    ino->rdev = (uint32_t)a->rdev;
    ino->size = a->size;
    ino->atime = a->atime;
    ino->mtime = a->mtime;
    ino->ctime = a->ctime;
}

/* Refresh ino from the host: 0 or -errno. */
static int refresh(struct inode *ino, struct p9_attr *a)
{
    int err = p9_getattr(hostfs_client(ino), hostfs_fid(ino), a);
    if (err == 0)
        set_attr(ino, a);
    return err;
}

int hostfs_stat(struct inode *ino, struct linux_stat *st)
{
    struct p9_attr a;
    int err = refresh(ino, &a);
    if (err < 0)
        return err;
    st->st_dev = ino->dev;
    st->st_ino = a.ino;
    st->st_nlink = a.nlink;
    st->st_mode = a.mode;
    st->st_uid = a.uid;
    st->st_gid = a.gid;
    st->st_rdev = ino->rdev;
    st->st_size = (int64_t)a.size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (int64_t)a.blocks;
    st->st_atim = (struct linux_timespec){(int64_t)(a.atime / 1000000000),
                                          (int64_t)(a.atime % 1000000000)};
    st->st_mtim = (struct linux_timespec){(int64_t)(a.mtime / 1000000000),
                                          (int64_t)(a.mtime % 1000000000)};
    st->st_ctim = (struct linux_timespec){(int64_t)(a.ctime / 1000000000),
                                          (int64_t)(a.ctime % 1000000000)};
    return 0;
}

/* Open files: a clone of the node's fid, opened with the access mode. */
static int host_open(struct inode *ino, struct file *f)
{
    struct p9 *c = hostfs_client(ino);
    uint32_t fid = p9_fid_new(c);
    int err = p9_walk(c, hostfs_fid(ino), fid, NULL, 0);
    if (err < 0)
        return err;
    uint32_t fl = (uint32_t)f->flags & LX_O_ACCMODE;
    if (VFS_ISDIR(ino->mode))
        fl = LX_O_RDONLY | LX_O_DIRECTORY;
    if ((err = p9_lopen(c, fid, fl)) < 0) {
        p9_clunk(c, fid);
        return err;
    }
    f->priv = (void *)(uintptr_t)fid;
    return 0;
}

static void host_release(struct file *f)
{
    p9_clunk(hostfs_client(f->inode), file_fid(f));
}

/* read() into one user buffer: the host writes the program's pages
 * itself, in pieces of up to HOST_ZC pages, and the kernel copies
 * nothing (a copy at CPL 0 is what costs most where kernel code is
 * slow).  The frames are held for the request, so that another thread's
 * munmap while it sleeps cannot hand them to someone else.  *cover 0
 * when the buffer is not one the device can write (then the caller
 * copies, and meets the fault if there is one). */
#define HOST_ZC 32
static long read_direct(struct file *f, unsigned lane, struct vfs_iter *it,
                        uint64_t *pos, size_t *cover)
{
    struct vfs_frag fr[HOST_ZC + 1];
    struct virtio_buf into[HOST_ZC + 1];
    unsigned n, held = 0;
    *cover = vfs_iter_user_frames(it, HOST_ZC * PAGE_SIZE, fr, HOST_ZC + 1, &n);
    while (held < n && frame_share(ALIGN_DOWN(fr[held].pa, PAGE_SIZE)) == 0)
        held++;
    long r = 0;
    if (held < n || *cover == 0)
        *cover = 0;
    else {
        for (unsigned i = 0; i < n; i++)
            into[i] = (struct virtio_buf){fr[i].pa, fr[i].len};
        r = p9_read_into(hostfs_client(f->inode), lane, file_fid(f), *pos,
                         into, n);
    }
    while (held > 0)
        frame_free(ALIGN_DOWN(fr[--held].pa, PAGE_SIZE));
    if (r > 0) {
        vfs_iter_skip(it, (size_t)r);
        *pos += (uint64_t)r;
    }
    return r;
}

static long reads(struct file *f, unsigned lane, struct vfs_iter *it,
                  uint64_t *pos)
{
    struct p9 *c = hostfs_client(f->inode);
    size_t done = 0, cover;
    while (it->left > 0) {
        long d = read_direct(f, lane, it, pos, &cover);
        if (d < 0)
            return done ? (long)done : d;
        done += (size_t)d;
        if (cover && (size_t)d < cover)
            break; /* the end of the file */
        if (cover)
            continue;
        const uint8_t *data;
        uint32_t want = (uint32_t)MIN(it->left, p9_io_max(c));
        long n = p9_read(c, lane, file_fid(f), *pos, want, &data);
        if (n < 0)
            return done ? (long)done : n;
        size_t got = vfs_iter_out(it, data, (size_t)n);
        done += got;
        *pos += got;
        if (got < (size_t)n || (uint32_t)n < want)
            break;
    }
    return vfs_iter_result(it, done);
}

long hostfs_read_pages(struct file *f, uint64_t off, const uint64_t *frames,
                       unsigned n, bool may_sleep)
{
    struct p9 *c = hostfs_client(f->inode);
    struct virtio_buf into[VFS_READ_PAGES];
    if (n > VFS_READ_PAGES)
        return -EINVAL;
    for (unsigned i = 0; i < n; i++)
        into[i] = (struct virtio_buf){frames[i], PAGE_SIZE};
    unsigned lane = may_sleep && p9_io_begin(c) ? P9_IO : P9_POLL;
    long r = p9_read_into(c, lane, file_fid(f), off, into, n);
    if (lane == P9_IO)
        p9_io_end(c);
    return r;
}

static long writes(struct file *f, unsigned lane, struct vfs_iter *it,
                   uint64_t *pos)
{
    struct p9 *c = hostfs_client(f->inode);
    struct p9_attr a;
    if (f->flags & LX_O_APPEND) { /* pwrite too, as on Linux */
        int err = refresh(f->inode, &a);
        if (err < 0)
            return err;
        *pos = f->inode->size;
    }
    size_t done = 0;
    while (it->left > 0) {
        size_t in = vfs_iter_in(it, p9_write_buf(c, lane),
                                MIN(it->left, p9_io_max(c)));
        if (in == 0)
            break;
        long n = p9_write(c, lane, file_fid(f), *pos, (uint32_t)in);
        if (n < 0)
            return done ? (long)done : n;
        done += (size_t)n;
        *pos += (uint64_t)n;
        if ((size_t)n < in)
            break;
    }
    if (*pos > f->inode->size)
        f->inode->size = *pos;
    return vfs_iter_result(it, done);
}

/* fn on the lane for a read or write with it: P9_IO into and from user
 * memory (the task sleeps while the host serves it), P9_POLL for the
 * kernel's own reads and writes (exec, sendfile, copy-up, MAP_SHARED
 * pages), whose callers hold pointers that must stay good.  The lane is
 * taken before *pos is read, so two threads' reads of one open file
 * take turns, each from where the other left it, as Linux's f_pos_lock
 * has them. */
static long on_lane(struct file *f, struct vfs_iter *it, uint64_t *pos,
                    long (*fn)(struct file *f, unsigned lane,
                               struct vfs_iter *it, uint64_t *pos))
{
    struct p9 *c = hostfs_client(f->inode);
    unsigned lane = !it->kernel && p9_io_begin(c) ? P9_IO : P9_POLL;
    long r = fn(f, lane, it, pos);
    if (lane == P9_IO)
        p9_io_end(c);
    return r;
}

static long host_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    return on_lane(f, it, pos, reads);
}

static long host_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    return on_lane(f, it, pos, writes);
}

static long host_llseek(struct file *f, int64_t off, int whence)
{
    struct p9_attr a;
    if (whence == LX_SEEK_END || whence == LX_SEEK_DATA ||
        whence == LX_SEEK_HOLE) {
        int err = refresh(f->inode, &a);
        if (err < 0)
            return err;
    }
    if (VFS_ISDIR(f->inode->mode) && whence != LX_SEEK_SET &&
        whence != LX_SEEK_CUR)
        return -EINVAL;
    return vfs_generic_llseek(f, off, whence, f->inode->size);
}

static unsigned host_poll(struct file *f)
{
    (void)f;
    return LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM;
}

static long host_dir_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)it, (void)pos;
    return -EISDIR;
}

static const struct file_ops file_ops = {
    .open = host_open,
    .read = host_read,
    .write = host_write,
    .llseek = host_llseek,
    .poll = host_poll,
    .release = host_release,
};
static const struct file_ops dir_ops = {
    .open = host_open,
    .read = host_dir_read,
    .llseek = host_llseek,
    .poll = host_poll,
    .release = host_release,
};

/* getdents64 from the host's Treaddir: its offsets are the positions. */
int hostfs_readdir(struct inode *dir, struct vfs_dirctx *ctx,
                   struct inode *hide)
{
    struct p9 *c = hostfs_client(dir);
    for (;;) {
        const uint8_t *p;
        /* At least one entry's worth, so that a buffer too small for
         * the next entry gives EINVAL (vfs_dir_emit says so), not EOF. */
        uint32_t want = (uint32_t)MIN(MAX(ctx->cap - ctx->used, 24 + 256),
                                      p9_io_max(c));
        long n = p9_readdir(c, file_fid(ctx->file), ctx->pos, want, &p);
        if (n <= 0)
            return n ? (int)n : 1;
        const uint8_t *end = p + n;
        while (end - p >= 24) { /* qid[13] offset[8] type[1] name[s] */
            uint64_t ino, off;
            uint16_t len;
            memcpy(&ino, p + 5, 8);
            memcpy(&off, p + 13, 8);
            memcpy(&len, p + 22, 2);
            if (len > end - p - 24 || len == 0)
                return -EIO;
            if (hide && ramfs_lookup(hide, (const char *)p + 24, len)) {
                ctx->pos = off; /* passed over */
                p += 24 + len;
                continue;
            }
            if (!vfs_dir_emit(ctx, (const char *)p + 24, len, ino, p[21], off))
                return 0;
            p += 24 + len;
        }
    }
}

static int host_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    int r = hostfs_readdir(dir, ctx, NULL);
    return r > 0 ? 0 : r;
}

static long host_readlink(struct inode *ino, char *buf, size_t cap)
{
    return p9_readlink(hostfs_client(ino), hostfs_fid(ino), buf, cap);
}

static void host_evict(struct inode *ino)
{
    struct hnode *h = ino->priv;
    struct dentry *d = ino->dent;
    p9_clunk(h->c, h->fid);
    for (uint64_t i = 0; i < h->ncache; i++)
        if (h->cache[i])
            frame_free(virt_to_phys(h->cache[i]));
    kfree(h->cache);
    kfree(h);
    if (ino->flags & INODE_HOST_NAME) { /* its own name, not ramfs's */
        ino->dent = NULL;
        vfs_iput(d->dir);
        kfree(d);
    }
}

static const struct inode_ops host_iops = {
    .lookup = hostfs_lookup,
    .iterate = host_iterate,
    .readlink = host_readlink,
    .stat = hostfs_stat,
    .evict = host_evict,
};
/* In an overlay (the default view): overlay.c's merged directories. */
static const struct inode_ops ovl_iops = {
    .lookup = ovl_lookup,
    .iterate = ovl_iterate,
    .readlink = host_readlink,
    .stat = ovl_stat,
    .evict = host_evict,
};

/* An inode for fid (which it takes over), named name in dir (NULL for
 * a mount's root). */
static struct inode *make_inode(struct p9 *c, uint32_t fid, uint32_t flags,
                                struct inode *dir, const char *name,
                                size_t len, long *err)
{
    struct p9_attr a;
    struct hnode *h = kmalloc(sizeof(*h));
    struct dentry *d = dir ? ramfs_dentry_new(name, len) : NULL;
    struct inode *ino = NULL;
    long e = -ENOMEM;
    if (h && (d || !dir) && (e = p9_getattr(c, fid, &a)) == 0 &&
        !(ino = ramfs_new_inode(a.mode, VFS_MKDEV(0, 64 + (c - mounts)))))
        e = -ENOMEM;
    if (e < 0) {
        kfree(h);
        kfree(d);
        p9_clunk(c, fid);
        *err = e;
        return NULL;
    }
    *h = (struct hnode){c, fid, NULL, 0, NULL};
    set_attr(ino, &a);
    ino->priv = h;
    ino->iops = flags & INODE_OVL ? &ovl_iops : &host_iops;
    ino->fops = VFS_ISDIR(a.mode) ? &dir_ops
                : VFS_ISREG(a.mode) ? &file_ops : NULL;
    ino->flags |= INODE_HOST | flags;
    if (dir) {
        vfs_iget(dir);
        d->dir = dir;
        d->inode = ino;
        ino->dent = d;
        ino->flags |= INODE_HOST_NAME;
        if (VFS_ISDIR(a.mode))
            ino->u.dir.up = dir;
    }
    return ino;
}

/* A MAP_SHARED mapping's page idx of f: read from the host the first
 * time, then kept with the inode.  Such mappings are read-only (mmap
 * refuses PROT_WRITE with them, as Linux's 9p does without a cache), so
 * the page never needs writing back. */
void *hostfs_page(struct file *f, uint64_t idx, long *err)
{
    struct hnode *h = f->inode->priv;
    uint64_t n = ALIGN_UP(f->inode->size, PAGE_SIZE) / PAGE_SIZE;
    if (idx >= h->ncache) {
        uint64_t want = MAX(n, idx + 1);
        void **c = want < (1ULL << 24) ? krealloc(h->cache, want * sizeof(*c))
                                        : NULL;
        if (!c) {
            *err = -ENOMEM;
            return NULL;
        }
        memset(c + h->ncache, 0, (want - h->ncache) * sizeof(*c));
        h->cache = c;
        h->ncache = want;
    }
    if (h->cache[idx])
        return h->cache[idx];
    uint64_t pa = frame_alloc();
    if (!pa) {
        *err = -ENOMEM;
        return NULL;
    }
    long r = vfs_pread_kernel(f, phys_to_virt(pa), PAGE_SIZE, idx * PAGE_SIZE);
    if (r < 0) {
        frame_free(pa);
        *err = r;
        return NULL;
    }
    return h->cache[idx] = phys_to_virt(pa);
}

int hostfs_lookup(struct inode *dir, const char *name, size_t len,
                  struct inode **out)
{
    struct p9 *c = hostfs_client(dir);
    if ((*out = hostfs_cache_get(dir, name, len)))
        return 0;
    uint32_t fid = p9_fid_new(c);
    int err = p9_walk(c, hostfs_fid(dir), fid, name, len);
    if (err < 0)
        return err;
    long e = 0;
    struct inode *ino = make_inode(c, fid, dir->flags & (INODE_ROFS | INODE_OVL),
                                   dir, name, len, &e);
    if (!ino)
        return (int)e;
    vfs_iget(ino);
    hostfs_cache_put(dir, ino);
    *out = ino;
    return 0;
}

int hostfs_mount(unsigned slot, const char *guest_path, char kind)
{
    struct p9 *c = &mounts[slot];
    if (kind != 'r' && kind != 'w' && kind != 'o')
        return -EINVAL;
    int err = p9_open(c, slot);
    if (err < 0)
        return err;
    long e = 0;
    uint32_t flags = kind == 'r' ? INODE_ROFS : kind == 'o' ? INODE_OVL : 0;
    struct inode *root = make_inode(c, c->root, flags, NULL, NULL, 0, &e);
    if (!root)
        return (int)e;
    err = VFS_ISDIR(root->mode) ? 0 : -ENOTDIR;
    if (err == 0 && kind == 'o')
        err = ovl_mount(root);
    if (err < 0) {
        vfs_iget(root);
        vfs_iput(root);
        return err;
    }
    return vfs_mount_at(guest_path, root);
}
