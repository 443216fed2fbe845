/* SPDX-License-Identifier: MIT */
/*
 * Copying between file data and the program's buffers: one buffer for
 * read/write, a list for readv/writev, kernel memory for the loader.  Every
 * copy is one memcpy or copy_to_user per contiguous piece, never per byte.
 * Nothing here allocates: the console must work when memory is gone.
 */
#include "kernel/fs/file.h"
#include "mm/mm.h"

static const uint8_t zero_page[PAGE_SIZE];

void vfs_iter_init(struct vfs_iter *it, void *buf, size_t n, bool kernel)
{
    it->uiov = NULL;
    it->batch[0].iov_base = (uint64_t)(uintptr_t)buf;
    it->batch[0].iov_len = MIN(n, VFS_MAX_RW);
    it->first = 0;
    it->nbatch = 1;
    it->nseg = 1;
    it->seg = 0;
    it->segoff = 0;
    it->left = it->batch[0].iov_len;
    it->kernel = kernel;
    it->fault = false;
}

/* Read the iovecs from index i on (at most a batch) into it->batch. */
static int load_batch(struct vfs_iter *it, size_t i)
{
    size_t n = MIN(it->nseg - i, VFS_IOV_BATCH);
    if (copy_from_user(it->batch, it->uiov + i, n * sizeof(it->batch[0])) < 0)
        return -EFAULT;
    it->first = i;
    it->nbatch = n;
    return 0;
}

int vfs_iter_init_vec(struct vfs_iter *it, const struct linux_iovec *uiov,
                      size_t n)
{
    uint64_t total = 0;
    it->uiov = uiov;
    it->nseg = n;
    for (size_t i = 0; i < n; i += VFS_IOV_BATCH) {
        if (load_batch(it, i) < 0)
            return -EFAULT;
        for (size_t j = 0; j < it->nbatch; j++) {
            if (it->batch[j].iov_len > (uint64_t)INT64_MAX - total)
                return -EINVAL;
            total += it->batch[j].iov_len;
        }
    }
    it->seg = 0;
    it->segoff = 0;
    it->left = MIN(total, VFS_MAX_RW);
    it->kernel = false;
    it->fault = false;
    return 0;
}

/* The iovec of the current segment, or NULL (it->fault set) if the
 * user's array can no longer be read.  Segments only move forward. */
static const struct linux_iovec *cur_seg(struct vfs_iter *it)
{
    if (it->seg - it->first >= it->nbatch) { /* also when seg < first */
        if (load_batch(it, it->seg) < 0) {
            it->fault = true;
            return NULL;
        }
    }
    return &it->batch[it->seg - it->first];
}

/* The next piece of at most n bytes: its address and length, or 0. */
static size_t next_piece(struct vfs_iter *it, size_t n, char **addr)
{
    if (!it->uiov) { /* one buffer (read, write): left is what remains */
        *addr = (char *)(uintptr_t)(it->batch[0].iov_base + it->segoff);
        return it->fault ? 0 : MIN(n, it->left);
    }
    const struct linux_iovec *v = NULL;
    while (it->seg < it->nseg && it->left && !it->fault && (v = cur_seg(it)) &&
           it->segoff >= v->iov_len) {
        it->seg++;
        it->segoff = 0;
    }
    if (it->seg >= it->nseg || it->left == 0 || it->fault || !v)
        return 0;
    size_t len = MIN(n, MIN(v->iov_len - it->segoff, it->left));
    *addr = (char *)(uintptr_t)(v->iov_base + it->segoff);
    return len;
}

static void advance(struct vfs_iter *it, size_t len)
{
    it->segoff += len;
    it->left -= len;
}

/* After a fault: copy page by page to find how much could be done, as
 * Linux does for a buffer that runs into an unmapped page. */
static size_t partial(char *u, char *k, size_t len, bool out)
{
    size_t done = 0;
    while (done < len) {
        size_t n = MIN(len - done,
                       PAGE_SIZE - ((uintptr_t)(u + done) & (PAGE_SIZE - 1)));
        long r = out ? copy_to_user(u + done, k + done, n)
                     : copy_from_user(k + done, u + done, n);
        if (r < 0)
            break;
        done += n;
    }
    return done;
}

/* One user buffer (read, write) whose copy does not fault: the common
 * case, in one copy. */
static bool one_user_buffer(const struct vfs_iter *it)
{
    return !it->uiov && !it->kernel && !it->fault;
}

size_t vfs_iter_user_frames(struct vfs_iter *it, size_t n,
                            struct vfs_frag *f, unsigned cap, unsigned *nf)
{
    size_t cover = 0;
    char *u;
    *nf = 0;
    if (!one_user_buffer(it) || !next_piece(it, n, &u))
        return 0;
    uint64_t va = (uint64_t)(uintptr_t)u, pa[64];
    n = MIN(n, it->left);
    unsigned want = (unsigned)MIN(MIN(cap, 64u),
        (va % PAGE_SIZE + n + PAGE_SIZE - 1) / PAGE_SIZE);
    unsigned got = mm_user_frames_writable(va, want, pa);
    for (unsigned i = 0; i < got && cover < n; i++) {
        uint32_t len = (uint32_t)MIN(n - cover, PAGE_SIZE - (va + cover) % PAGE_SIZE);
        f[(*nf)++] = (struct vfs_frag){pa[i] + (va + cover) % PAGE_SIZE, len};
        cover += len;
    }
    return cover;
}

void vfs_iter_skip(struct vfs_iter *it, size_t n)
{
    advance(it, n);
}

size_t vfs_iter_out(struct vfs_iter *it, const void *src, size_t n)
{
    const char *s = src;
    size_t done = 0, len;
    char *dst;
    if (one_user_buffer(it) && (len = MIN(n, it->left)) > 0 &&
        next_piece(it, len, &dst) &&
        copy_to_user(dst, src, len) == 0) {
        advance(it, len);
        return len;
    }
    while (done < n && (len = next_piece(it, n - done, &dst)) > 0) {
        if (it->kernel) {
            memcpy(dst, s + done, len);
        } else if (copy_to_user(dst, s + done, len) < 0) {
            size_t got = partial(dst, (char *)s + done, len, true);
            advance(it, got);
            done += got;
            it->fault = true;
            break;
        }
        advance(it, len);
        done += len;
    }
    return done;
}

size_t vfs_iter_in(struct vfs_iter *it, void *dst, size_t n)
{
    char *d = dst;
    size_t done = 0, len;
    char *src;
    if (one_user_buffer(it) && (len = MIN(n, it->left)) > 0 &&
        next_piece(it, len, &src) &&
        copy_from_user(dst, src, len) == 0) {
        advance(it, len);
        return len;
    }
    while (done < n && (len = next_piece(it, n - done, &src)) > 0) {
        if (it->kernel) {
            memcpy(d + done, src, len);
        } else if (copy_from_user(d + done, src, len) < 0) {
            size_t got = partial(src, d + done, len, false);
            advance(it, got);
            done += got;
            it->fault = true;
            break;
        }
        advance(it, len);
        done += len;
    }
    return done;
}

size_t vfs_iter_zero(struct vfs_iter *it, size_t n)
{
    size_t done = 0;
    while (done < n) {
        size_t want = MIN(n - done, PAGE_SIZE);
        size_t got = vfs_iter_out(it, zero_page, want);
        done += got;
        if (got < want)
            break;
    }
    return done;
}

long vfs_iter_result(struct vfs_iter *it, size_t done)
{
    if (done == 0 && it->fault)
        return -EFAULT;
    return (long)done;
}

bool vfs_dir_emit(struct vfs_dirctx *c, const char *name, size_t len,
                  uint64_t ino, unsigned type, uint64_t next_pos)
{
    size_t reclen =
        ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
    if (c->used + reclen > c->cap) {
        c->full = true;
        return false;
    }
    struct linux_dirent64 *d = (void *)(c->buf + c->used);
    d->d_ino = ino;
    d->d_off = (int64_t)next_pos;
    d->d_reclen = (uint16_t)reclen;
    d->d_type = (uint8_t)type;
    memcpy(d->d_name, name, len);
    /* NUL and padding: at most 8 bytes */
    memset(d->d_name + len, 0,
           reclen - offsetof(struct linux_dirent64, d_name) - len);
    c->used += reclen;
    c->pos = next_pos;
    return true;
}
