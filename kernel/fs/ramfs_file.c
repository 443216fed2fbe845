/* SPDX-License-Identifier: MIT */
/*
 * Regular file data.  A file is a radix tree of private 4 KiB pages over an
 * optional read-only backing: its bytes inside the boot archive.  A page
 * index with no private page reads from the backing while it lies below
 * backed_len, and as zeros after that (a hole, which costs nothing).  A
 * write copies only the one page it touches; truncation copies nothing.
 *
 * Invariant: bytes of a private page beyond the file size are zero, and
 * backed_len <= size, so growing a file never shows stale data.
 *
 * Space (space.c): a file is charged one page per index that holds data,
 * the backing's pages and the private pages past them, so a write into a
 * page of the archive's bytes costs nothing new: charge() below.
 *
 * A page fallocate made is tagged UNWRITTEN in the tree until it is
 * written or mapped: it reads as zeros and, as on tmpfs, is a hole to
 * SEEK_DATA and SEEK_HOLE although it takes space.
 */
#include "kernel/fs/file.h"

#define RBITS 6
#define RFAN (1u << RBITS)
#define UNWRITTEN 1UL /* low bit of a page's pointer in the tree */

static uint64_t span(unsigned h)
{
    return 1ULL << (RBITS * h); /* h <= 9 covers every index */
}

/* The slot of the page at idx, or NULL if there is none. */
static void **radix_slot(const struct vfs_radix *r, uint64_t idx)
{
    if (idx >= span(r->height) || !r->root)
        return NULL;
    void *const *slot = &r->root;
    for (unsigned h = r->height; h > 0 && *slot; h--)
        slot = &((void **)*slot)[(idx >> (RBITS * (h - 1))) & (RFAN - 1)];
    return *slot ? (void **)slot : NULL;
}

static void *untag(void *p)
{
    return (void *)((uintptr_t)p & ~UNWRITTEN);
}

/* Store page at idx, which holds none: 0 or -ENOMEM. */
static int radix_put(struct vfs_radix *r, uint64_t idx, void *page)
{
    while (idx >= span(r->height)) {
        if (r->root) {
            void **n = kzalloc(RFAN * sizeof(void *));
            if (!n)
                return -ENOMEM;
            n[0] = r->root;
            r->root = n;
        }
        r->height++;
    }
    void **slot = &r->root;
    for (unsigned h = r->height; h > 0; h--) {
        if (!*slot && !(*slot = kzalloc(RFAN * sizeof(void *))))
            return -ENOMEM;
        slot = &((void **)*slot)[(idx >> (RBITS * (h - 1))) & (RFAN - 1)];
    }
    *slot = page;
    return 0;
}

/* Free the pages at index >= from in the subtree *slot (height h, first
 * index base), and the nodes left with nothing. */
static void radix_trim(void **slot, unsigned h, uint64_t base, uint64_t from,
                       uint64_t *npages)
{
    void *n = *slot;
    if (!n)
        return;
    if (h > 0) {
        uint64_t step = span(h - 1);
        for (unsigned i = 0; i < RFAN; i++)
            if (base + (i + 1) * step > from)
                radix_trim(&((void **)n)[i], h - 1, base + i * step, from,
                           npages);
    } else if (base >= from) {
        (*npages)--;
    }
    if (base >= from) {
        kfree(untag(n));
        *slot = NULL;
    }
}

/* Smallest index >= from with a page in the subtree, or UINT64_MAX. */
static uint64_t radix_next(void *n, unsigned h, uint64_t base, uint64_t from)
{
    if (!n)
        return UINT64_MAX;
    if (h == 0)
        return base >= from ? base : UINT64_MAX;
    uint64_t step = span(h - 1);
    for (unsigned i = 0; i < RFAN; i++) {
        if (base + (i + 1) * step <= from)
            continue;
        uint64_t r = radix_next(((void **)n)[i], h - 1, base + i * step, from);
        if (r != UINT64_MAX)
            return r;
    }
    return UINT64_MAX;
}

static uint8_t *page_of(const struct inode *ino, uint64_t idx)
{
    void **slot = radix_slot(&ino->u.reg.pages, idx);
    return slot ? untag(*slot) : NULL;
}

/* Whether idx has a page fallocate made that nothing has written yet. */
static bool unwritten(const struct inode *ino, uint64_t idx)
{
    void **slot = radix_slot(&ino->u.reg.pages, idx);
    return slot && ((uintptr_t)*slot & UNWRITTEN);
}

/* The page at idx, which exists, is data from now on. */
static void set_written(struct inode *ino, uint64_t idx)
{
    void **slot = radix_slot(&ino->u.reg.pages, idx);
    *slot = untag(*slot);
}

static uint64_t backed_pages(const struct inode *ino)
{
    if (!ino->u.reg.backing)
        return 0;
    return ALIGN_UP(ino->u.reg.backed_len, PAGE_SIZE) / PAGE_SIZE;
}

/* Pages charged for ino's data: the backing's, and private pages past it. */
static uint64_t charge(const struct inode *ino)
{
    return backed_pages(ino) + ino->u.reg.npages - ino->u.reg.nlow;
}

/* Private pages below index end (a walk over those pages only). */
static uint64_t count_below(const struct inode *ino, uint64_t end)
{
    const struct vfs_radix *r = &ino->u.reg.pages;
    uint64_t n = 0;
    for (uint64_t i = radix_next(r->root, r->height, 0, 0); i < end;
         i = radix_next(r->root, r->height, 0, i + 1))
        n++;
    return n;
}

/* Put a private page at idx, which has none, taking a page of space
 * unless the backing already pays for it: the page (zeroed if zero, else
 * for the caller to fill), or NULL with *err -ENOSPC or -ENOMEM. */
static uint8_t *new_page(struct inode *ino, uint64_t idx, bool zero, long *err)
{
    bool covered = idx < backed_pages(ino);
    if (!covered && ramfs_take_pages(1, false) < 0) {
        *err = -ENOSPC;
        return NULL;
    }
    uint8_t *page = zero ? kzalloc(PAGE_SIZE) : kmalloc(PAGE_SIZE);
    if (!page || radix_put(&ino->u.reg.pages, idx, page) < 0) {
        kfree(page);
        if (!covered)
            ramfs_give_pages(1);
        *err = -ENOMEM;
        return NULL;
    }
    ino->u.reg.npages++;
    ino->u.reg.nlow += covered;
    return page;
}

/* Fill [from, to) of the new private page idx with what reads see now. */
static void fill(const struct inode *ino, uint8_t *page, uint64_t idx,
                 size_t from, size_t to)
{
    if (from >= to)
        return;
    uint64_t off = idx * PAGE_SIZE + from;
    size_t n = to - from, b = 0;
    if (ino->u.reg.backing && off < ino->u.reg.backed_len) {
        b = MIN(n, ino->u.reg.backed_len - off);
        memcpy(page + from, ino->u.reg.backing + off, b);
    }
    if (b < n)
        memset(page + from + b, 0, n - b);
}

/* End of the run of pages without a private page from off, below end. */
static uint64_t run_end(const struct inode *ino, uint64_t off, uint64_t end)
{
    const struct vfs_radix *r = &ino->u.reg.pages;
    uint64_t next = radix_next(r->root, r->height, 0, off / PAGE_SIZE + 1);
    return next == UINT64_MAX ? end : MIN(next * PAGE_SIZE, end);
}

long ramfs_read(struct inode *ino, struct vfs_iter *it, uint64_t pos)
{
    if (pos >= ino->size)
        return 0;
    uint64_t end = pos + MIN(it->left, ino->size - pos);
    size_t done = 0;
    while (pos + done < end) {
        uint64_t off = pos + done;
        const uint8_t *page = page_of(ino, off / PAGE_SIZE);
        size_t n, got;
        if (page) {
            n = MIN(PAGE_SIZE - off % PAGE_SIZE, end - off);
            got = vfs_iter_out(it, page + off % PAGE_SIZE, n);
        } else if (ino->u.reg.backing && off < ino->u.reg.backed_len) {
            n = run_end(ino, off, MIN(end, ino->u.reg.backed_len)) - off;
            got = vfs_iter_out(it, ino->u.reg.backing + off, n);
        } else {
            n = run_end(ino, off, end) - off;
            got = vfs_iter_zero(it, n);
        }
        done += got;
        if (got < n)
            break;
    }
    return vfs_iter_result(it, done);
}

long ramfs_write(struct inode *ino, struct vfs_iter *it, uint64_t pos)
{
    if (it->left == 0)
        return 0;
    if (pos >= VFS_MAX_SIZE)
        return -EFBIG;
    uint64_t end = pos + MIN(it->left, VFS_MAX_SIZE - pos);
    size_t done = 0;
    long err = 0;
    ino->flags &= ~INODE_INTACT;
    while (pos + done < end) {
        uint64_t off = pos + done, idx = off / PAGE_SIZE;
        size_t in = off % PAGE_SIZE, n = MIN(PAGE_SIZE - in, end - off);
        uint8_t *page = page_of(ino, idx);
        bool fresh = !page;
        if (fresh) {
            /* past the limit: a short write of what fit, then ENOSPC */
            if (!(page = new_page(ino, idx, false, &err)))
                break;
            fill(ino, page, idx, 0, in);
            fill(ino, page, idx, in + n, PAGE_SIZE);
        } else {
            set_written(ino, idx);
        }
        size_t got = vfs_iter_in(it, page + in, n);
        if (got < n && fresh)
            fill(ino, page, idx, in + got, in + n);
        done += got;
        if (got < n)
            break;
    }
    if (done) {
        if (pos + done > ino->size)
            ino->size = pos + done;
        vfs_touch(ino, true);
    } else if (err) {
        return err;
    }
    return vfs_iter_result(it, done);
}

void *ramfs_page(struct inode *ino, uint64_t idx, long *err)
{
    uint8_t *page = page_of(ino, idx);
    if (page) {
        set_written(ino, idx); /* as a fault on tmpfs marks it uptodate */
        return page;
    }
    if (!(page = new_page(ino, idx, false, err)))
        return NULL;
    fill(ino, page, idx, 0, PAGE_SIZE);
    ino->flags &= ~INODE_INTACT; /* it may be written through a mapping */
    return page;
}

/* Pages from index first on: freed, or zeroed while mappings use them. */
static void drop_pages(struct inode *ino, uint64_t first)
{
    struct vfs_radix *r = &ino->u.reg.pages;
    if (!ino->u.reg.mapped) {
        radix_trim(&r->root, r->height, 0, first, &ino->u.reg.npages);
        if (!r->root)
            r->height = 0;
        return;
    }
    uint64_t i = radix_next(r->root, r->height, 0, first);
    for (; i != UINT64_MAX; i = radix_next(r->root, r->height, 0, i + 1))
        memset(page_of(ino, i), 0, PAGE_SIZE);
}

/* Growing is sparse and takes no space.  Otherwise, as Linux's
 * shmem_setattr, every page past the new end goes, fallocate's pages past
 * the old end too, and their space comes back. */
int ramfs_truncate(struct inode *ino, uint64_t size)
{
    if (size <= ino->size) {
        uint64_t before = charge(ino), bp = backed_pages(ino);
        drop_pages(ino, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
        uint8_t *page = size % PAGE_SIZE ? page_of(ino, size / PAGE_SIZE) : 0;
        if (page)
            memset(page + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
        if (ino->u.reg.backed_len > size)
            ino->u.reg.backed_len = size;
        if (backed_pages(ino) != bp)
            ino->u.reg.nlow = count_below(ino, backed_pages(ino));
        ramfs_give_pages(before - charge(ino));
    }
    if (size != ino->size)
        ino->flags &= ~INODE_INTACT;
    ino->size = size;
    vfs_touch(ino, true);
    return 0;
}

void ramfs_free_data(struct inode *ino)
{
    struct vfs_radix *r = &ino->u.reg.pages;
    ramfs_give_pages(charge(ino));
    radix_trim(&r->root, r->height, 0, 0, &ino->u.reg.npages);
    r->height = 0;
    ino->u.reg.nlow = 0;
    ino->u.reg.backing = NULL;
    ino->u.reg.backed_len = 0;
}

void ramfs_set_backing(struct inode *ino, const void *data, uint64_t len)
{
    uint64_t before = charge(ino);
    ino->u.reg.backing = data;
    ino->u.reg.backed_len = len;
    ino->size = len;
    ino->flags |= INODE_INTACT;
    /* already in memory: counted, and never refused */
    ramfs_take_pages(charge(ino) - before, true);
}

uint64_t ramfs_blocks(struct inode *ino)
{
    return charge(ino) * 8;
}

/* Page indexes in [first, end) with no data: neither a backing page nor
 * a private one. */
static uint64_t missing(const struct inode *ino, uint64_t first, uint64_t end)
{
    const struct vfs_radix *r = &ino->u.reg.pages;
    uint64_t from = MAX(first, backed_pages(ino)), n;
    if (from >= end)
        return 0;
    n = end - from;
    for (uint64_t i = radix_next(r->root, r->height, 0, from); i < end;
         i = radix_next(r->root, r->height, 0, i + 1))
        n--;
    return n;
}

int ramfs_fallocate(struct inode *ino, uint64_t off, uint64_t len,
                    bool keep_size)
{
    uint64_t first = off / PAGE_SIZE;
    uint64_t end = ALIGN_UP(off + len, PAGE_SIZE) / PAGE_SIZE;
    /* all or nothing: the walk below is bounded by what fits */
    if (missing(ino, first, end) > ramfs_pages_free())
        return -ENOSPC;
    for (uint64_t i = MAX(first, backed_pages(ino)); i < end; i++) {
        long err;
        uint8_t *page;
        if (page_of(ino, i))
            continue;
        if (!(page = new_page(ino, i, true, &err)))
            return (int)err;
        *radix_slot(&ino->u.reg.pages, i) =
            (void *)((uintptr_t)page | UNWRITTEN);
    }
    if (!keep_size && off + len > ino->size) {
        ino->size = off + len;
        ino->flags &= ~INODE_INTACT;
    }
    vfs_touch(ino, true);
    return 0;
}

long ramfs_seek_data(struct inode *ino, uint64_t pos, bool hole)
{
    if (pos >= ino->size)
        return -ENXIO;
    uint64_t idx = pos / PAGE_SIZE, bp = backed_pages(ino);
    const struct vfs_radix *r = &ino->u.reg.pages;
    if (!hole) {
        if (idx < bp)
            return (long)pos;
        uint64_t n = radix_next(r->root, r->height, 0, idx);
        while (n != UINT64_MAX && unwritten(ino, n))
            n = radix_next(r->root, r->height, 0, n + 1);
        if (n == UINT64_MAX || n * PAGE_SIZE >= ino->size)
            return -ENXIO;
        return (long)MAX(pos, n * PAGE_SIZE);
    }
    if (idx < bp)
        idx = bp;
    /* each page passed here is memory already in use: a bounded walk */
    while (idx * PAGE_SIZE < ino->size && page_of(ino, idx) &&
           !unwritten(ino, idx))
        idx++;
    return (long)MIN(MAX(pos, idx * PAGE_SIZE), ino->size);
}

static long reg_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    long r = ramfs_read(f->inode, it, *pos);
    if (r > 0)
        *pos += (uint64_t)r;
    return r;
}

static long reg_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    if (f->flags & LX_O_APPEND) /* pwrite too, as on Linux */
        *pos = f->inode->size;
    long r = ramfs_write(f->inode, it, *pos);
    if (r > 0)
        *pos += (uint64_t)r;
    return r;
}

static long reg_llseek(struct file *f, int64_t off, int whence)
{
    if (whence == LX_SEEK_DATA || whence == LX_SEEK_HOLE) {
        if (off < 0)
            return -ENXIO;
        long r =
            ramfs_seek_data(f->inode, (uint64_t)off, whence == LX_SEEK_HOLE);
        if (r >= 0)
            f->pos = (uint64_t)r;
        return r;
    }
    return vfs_generic_llseek(f, off, whence, f->inode->size);
}

static unsigned reg_poll(struct file *f)
{
    (void)f;
    return LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM;
}

static long reg_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    if (cmd != LX_FIONREAD)
        return -ENOTTY;
    uint64_t size = f->inode->size;
    int n = f->pos < size ? (int)MIN(size - f->pos, INT32_MAX) : 0;
    return copy_to_user((void *)(uintptr_t)arg, &n, sizeof(n));
}

const struct file_ops ramfs_file_ops = {
    .read = reg_read,
    .write = reg_write,
    .llseek = reg_llseek,
    .poll = reg_poll,
    .ioctl = reg_ioctl,
};
