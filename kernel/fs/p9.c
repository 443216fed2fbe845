/* SPDX-License-Identifier: MIT */
/*
 * 9P2000.L messages (the Linux kernel's net/9p speaks the same): built
 * in the lane's tx, answered in its rx, every reply field read with
 * bounds checks, since the reply comes from outside the guest's kernel.
 * The lane's number plus one is the tag, so the two may be in flight
 * together.
 */
#include "kernel/fs/p9.h"
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

enum {
    RLERROR = 7, TSTATFS = 8, TLOPEN = 12, TLCREATE = 14, TSYMLINK = 16,
    TREADLINK = 22, TGETATTR = 24, TSETATTR = 26, TREADDIR = 40, TFSYNC = 50,
    TLINK = 70, TMKDIR = 72, TRENAMEAT = 74, TUNLINKAT = 76, TVERSION = 100,
    TATTACH = 104, TWALK = 110, TREAD = 116, TWRITE = 118, TCLUNK = 120,
};
#define NOTAG 0xffffu
#define NOFID 0xffffffffu
#define GETATTR_BASIC 0x7ffULL

struct msg {
    uint8_t *p;
    size_t n, cap;
    unsigned lane;
};
struct rd {
    const uint8_t *p, *end;
    bool bad;
};

/* Little-endian fields, as x86 holds them: one move each (byte loops
 * cost where kernel code is slow), and exactly their bytes (a Twrite's
 * data already follows its header). */
static void put(struct msg *m, uint64_t v, unsigned bytes)
{
    if (m->n + bytes > m->cap) {
        m->n = m->cap + 1; /* too big: p9_rpc refuses it */
        return;
    }
    uint8_t *p = m->p + m->n;
    switch (bytes) {
    case 1: *p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; __builtin_memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; __builtin_memcpy(p, &x, 4); break; }
    default: __builtin_memcpy(p, &v, 8); break;
    }
    m->n += bytes;
}

static void put_str(struct msg *m, const char *s, size_t len)
{
    put(m, len, 2);
    if (len > 0xffff || m->n + len > m->cap) {
        m->n = m->cap + 1;
        return;
    }
    memcpy(m->p + m->n, s, len);
    m->n += len;
}

static struct msg begin_on(struct p9 *c, unsigned lane, unsigned type)
{
    struct msg m = {c->lane[lane].tx, 0, c->msize, lane};
    put(&m, 0, 4);
    put(&m, type, 1);
    put(&m, type == TVERSION ? NOTAG : lane + 1, 2);
    return m;
}

static struct msg begin(struct p9 *c, unsigned type)
{
    return begin_on(c, P9_POLL, type);
}

static uint64_t get(struct rd *r, unsigned bytes)
{
    uint64_t v = 0;
    if (r->bad || (size_t)(r->end - r->p) < bytes) {
        r->bad = true;
        return 0;
    }
    switch (bytes) {
    case 1: v = *r->p; break;
    case 2: { uint16_t x; __builtin_memcpy(&x, r->p, 2); v = x; break; }
    case 4: { uint32_t x; __builtin_memcpy(&x, r->p, 4); v = x; break; }
    default: __builtin_memcpy(&v, r->p, 8); break;
    }
    r->p += bytes;
    return v;
}

/* Send m; on success *r reads the reply's body (after type and tag).
 * A Tread's data goes straight to into[0, ninto) when ninto > 0. */
static int rpc_into(struct p9 *c, struct msg *m, struct rd *r,
                    const struct virtio_buf *into, unsigned ninto)
{
    if (m->n > m->cap)
        return -ENAMETOOLONG;
    unsigned type = m->p[4];
    uint8_t *rx = c->lane[m->lane].rx;
    for (unsigned i = 0; i < 4; i++)
        m->p[i] = (uint8_t)(m->n >> (8 * i));
    struct virtio_buf out = {virt_to_phys(m->p), (uint32_t)m->n},
                      in[VIRTIO_MAX_IN]; /* not cleared: costly at CPL 0 */
    unsigned nin = 1;
    in[0] = (struct virtio_buf){virt_to_phys(rx), c->msize};
    if (ninto) { /* the data after Rread's 11 bytes */
        in[0].len = 11;
        for (unsigned i = 0; i < ninto; i++)
            in[nin++] = into[i];
    }
    long got = virtio_call(&c->dev, m->lane, out, in, nin);
    if (got < 7)
        return -EIO;
    *r = (struct rd){rx, rx + got, false};
    uint64_t size = get(r, 4), rtype = get(r, 1);
    get(r, 2);
    if (size < 7 || size > (uint64_t)got)
        return -EIO;
    r->end = rx + size;
    if (rtype == RLERROR) {
        uint64_t e = get(r, 4);
        return r->bad || e == 0 || e > 4095 ? -EIO : -(int)e;
    }
    return rtype == type + 1 ? 0 : -EIO;
}

static int rpc(struct p9 *c, struct msg *m, struct rd *r)
{
    return rpc_into(c, m, r, NULL, 0);
}

/* A message buffer: P9_MSIZE bytes, physically contiguous, or NULL. */
static uint8_t *buffer(void)
{
    uint64_t pa = frame_alloc_contig_dirty(P9_MSIZE / PAGE_SIZE);
    return pa ? phys_to_virt(pa) : NULL;
}

static void buffer_free(uint8_t *b)
{
    for (uint64_t i = 0; i < P9_MSIZE / PAGE_SIZE; i++)
        frame_free(virt_to_phys(b) + i * PAGE_SIZE);
}

bool p9_io_begin(struct p9 *c)
{
    while (c->io_busy)
        wait_sleep(&c->io_wait, WAIT_FOREVER, 0);
    if (!c->lane[P9_IO].tx) {
        uint8_t *tx = buffer(), *rx = tx ? buffer() : NULL;
        if (!rx) {
            if (tx)
                buffer_free(tx);
            return false;
        }
        c->lane[P9_IO].tx = tx;
        c->lane[P9_IO].rx = rx;
    }
    c->io_busy = true;
    return true;
}

void p9_io_end(struct p9 *c)
{
    c->io_busy = false;
    wait_wake(&c->io_wait, 1);
}

uint32_t p9_fid_new(struct p9 *c)
{
    if (c->next_fid == NOFID)
        c->next_fid = c->root + 1;
    return c->next_fid++;
}

static int version(struct p9 *c)
{
    struct msg m = begin(c, TVERSION);
    struct rd r;
    put(&m, P9_MSIZE, 4);
    put_str(&m, "9P2000.L", 8);
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    uint64_t msize = get(&r, 4), len = get(&r, 2);
    if (r.bad || len != 8 || (size_t)(r.end - r.p) < 8 ||
        memcmp(r.p, "9P2000.L", 8) || msize < 4096 || msize > P9_MSIZE)
        return -EIO;
    c->msize = (uint32_t)msize;
    return 0;
}

int p9_open(struct p9 *c, unsigned slot)
{
    int err = virtio_open(&c->dev, slot, 9, 1 /* VIRTIO_9P_MOUNT_TAG */);
    if (err < 0)
        return err;
    char tag[4] = {'u', 'k', (char)('0' + slot), 0};
    if (virtio_config8(&c->dev, 0) != 3 || virtio_config8(&c->dev, 1) != 0)
        return -ENODEV;
    for (unsigned i = 0; i < 3; i++)
        if (virtio_config8(&c->dev, 2 + i) != (uint8_t)tag[i])
            return -ENODEV;
    c->lane[P9_POLL].tx = buffer();
    c->lane[P9_POLL].rx = buffer();
    if (!c->lane[P9_POLL].tx || !c->lane[P9_POLL].rx)
        return -ENOMEM;
    c->msize = P9_MSIZE;
    if ((err = version(c)) < 0)
        return err;
    c->root = 1;
    c->next_fid = 2;
    struct msg m = begin(c, TATTACH);
    struct rd r;
    put(&m, c->root, 4);
    put(&m, NOFID, 4);
    put_str(&m, "root", 4);
    put_str(&m, "", 0);
    put(&m, 0, 4);
    return rpc(c, &m, &r);
}

int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
            size_t len)
{
    struct msg m = begin(c, TWALK);
    struct rd r;
    put(&m, fid, 4);
    put(&m, newfid, 4);
    put(&m, len ? 1 : 0, 2);
    if (len)
        put_str(&m, name, len);
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    uint64_t n = get(&r, 2);
    if (r.bad || n != (len ? 1u : 0u))
        return r.bad ? -EIO : -ENOENT;
    return 0;
}

static uint64_t get_time(struct rd *r)
{
    uint64_t s = get(r, 8), ns = get(r, 8);
    return s * 1000000000ULL + ns;
}

int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a)
{
    struct msg m = begin(c, TGETATTR);
    struct rd r;
    put(&m, fid, 4);
    put(&m, GETATTR_BASIC, 8);
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    get(&r, 8);                    /* valid */
    get(&r, 1);                    /* qid type */
    get(&r, 4);                    /* qid version */
    a->ino = get(&r, 8);           /* qid path */
    a->mode = (uint32_t)get(&r, 4);
    a->uid = (uint32_t)get(&r, 4);
    a->gid = (uint32_t)get(&r, 4);
    a->nlink = get(&r, 8);
    a->rdev = get(&r, 8);
    a->size = get(&r, 8);
    get(&r, 8); /* blksize */
    a->blocks = get(&r, 8);
    a->atime = get_time(&r);
    a->mtime = get_time(&r);
    a->ctime = get_time(&r);
    return r.bad ? -EIO : 0;
}

int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags)
{
    struct msg m = begin(c, TLOPEN);
    struct rd r;
    put(&m, fid, 4);
    put(&m, flags, 4);
    return rpc(c, &m, &r);
}

void p9_clunk(struct p9 *c, uint32_t fid)
{
    struct msg m = begin(c, TCLUNK);
    struct rd r;
    put(&m, fid, 4);
    rpc(c, &m, &r); /* the fid is gone either way */
}

/* Tread and Treaddir: count[4] then the data. */
static long read_like(struct p9 *c, unsigned lane, unsigned type, uint32_t fid,
                      uint64_t off, uint32_t count, const uint8_t **data,
                      const struct virtio_buf *into, unsigned ninto)
{
    struct msg m = begin_on(c, lane, type);
    struct rd r;
    put(&m, fid, 4);
    put(&m, off, 8);
    put(&m, count < p9_io_max(c) ? count : p9_io_max(c), 4);
    int err = rpc_into(c, &m, &r, into, ninto);
    if (err < 0)
        return err;
    uint64_t n = get(&r, 4);
    if (r.bad || n > count || n > (uint64_t)(r.end - r.p))
        return -EIO;
    *data = r.p;
    return (long)n;
}

long p9_read(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
             uint32_t count, const uint8_t **data)
{
    return read_like(c, lane, TREAD, fid, off, count, data, NULL, 0);
}

long p9_read_into(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
                  const struct virtio_buf *into, unsigned n)
{
    const uint8_t *data;
    uint32_t count = 0;
    if (n == 0 || n > P9_MAX_INTO)
        return -EINVAL;
    for (unsigned i = 0; i < n; i++)
        count += into[i].len;
    return read_like(c, lane, TREAD, fid, off, count, &data, into, n);
}

long p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, uint32_t count,
                const uint8_t **data)
{
    return read_like(c, P9_POLL, TREADDIR, fid, off, count, data, NULL, 0);
}

long p9_write(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
              uint32_t count)
{
    struct msg m = begin_on(c, lane, TWRITE);
    struct rd r;
    if (count > p9_io_max(c))
        return -EINVAL;
    put(&m, fid, 4);
    put(&m, off, 8);
    put(&m, count, 4);
    m.n += count; /* the data is in place already */
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    uint64_t n = get(&r, 4);
    return r.bad || n > count ? -EIO : (long)n;
}

long p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t cap)
{
    struct msg m = begin(c, TREADLINK);
    struct rd r;
    put(&m, fid, 4);
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    uint64_t n = get(&r, 2);
    if (r.bad || n > (uint64_t)(r.end - r.p))
        return -EIO;
    if (n > cap)
        n = cap;
    memcpy(buf, r.p, n);
    return (long)n;
}

/* The calls that change the tree: the reply has nothing we need. */
static int done(struct p9 *c, struct msg *m)
{
    struct rd r;
    return rpc(c, m, &r);
}

int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
               uint32_t flags, uint32_t mode)
{
    struct msg m = begin(c, TLCREATE);
    put(&m, fid, 4);
    put_str(&m, name, len);
    put(&m, flags, 4);
    put(&m, mode, 4);
    put(&m, 0, 4); /* gid */
    return done(c, &m);
}

int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
             uint32_t mode)
{
    struct msg m = begin(c, TMKDIR);
    put(&m, dfid, 4);
    put_str(&m, name, len);
    put(&m, mode, 4);
    put(&m, 0, 4);
    return done(c, &m);
}

int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
               const char *target)
{
    struct msg m = begin(c, TSYMLINK);
    put(&m, dfid, 4);
    put_str(&m, name, len);
    put_str(&m, target, strlen(target));
    put(&m, 0, 4);
    return done(c, &m);
}

int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
                bool dir)
{
    struct msg m = begin(c, TUNLINKAT);
    put(&m, dfid, 4);
    put_str(&m, name, len);
    put(&m, dir ? 0x200 : 0, 4); /* AT_REMOVEDIR */
    return done(c, &m);
}

int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname, size_t olen,
                uint32_t ndfid, const char *nname, size_t nlen)
{
    struct msg m = begin(c, TRENAMEAT);
    put(&m, odfid, 4);
    put_str(&m, oname, olen);
    put(&m, ndfid, 4);
    put_str(&m, nname, nlen);
    return done(c, &m);
}

int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
            size_t len)
{
    struct msg m = begin(c, TLINK);
    put(&m, dfid, 4);
    put(&m, fid, 4);
    put_str(&m, name, len);
    return done(c, &m);
}

int p9_setattr(struct p9 *c, uint32_t fid, const struct p9_setattr *s)
{
    struct msg m = begin(c, TSETATTR);
    put(&m, fid, 4);
    put(&m, s->valid, 4);
    put(&m, s->mode, 4);
    put(&m, s->uid, 4);
    put(&m, s->gid, 4);
    put(&m, s->size, 8);
    put(&m, s->atime / 1000000000, 8);
    put(&m, s->atime % 1000000000, 8);
    put(&m, s->mtime / 1000000000, 8);
    put(&m, s->mtime % 1000000000, 8);
    return done(c, &m);
}

int p9_fsync(struct p9 *c, uint32_t fid, bool datasync)
{
    struct msg m = begin(c, TFSYNC);
    put(&m, fid, 4);
    put(&m, datasync, 4);
    return done(c, &m);
}

int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *s)
{
    struct msg m = begin(c, TSTATFS);
    struct rd r;
    put(&m, fid, 4);
    int err = rpc(c, &m, &r);
    if (err < 0)
        return err;
    s->type = (uint32_t)get(&r, 4);
    s->bsize = (uint32_t)get(&r, 4);
    s->blocks = get(&r, 8);
    s->bfree = get(&r, 8);
    s->bavail = get(&r, 8);
    s->files = get(&r, 8);
    s->ffree = get(&r, 8);
    s->fsid = get(&r, 8);
    s->namelen = (uint32_t)get(&r, 4);
    return r.bad ? -EIO : 0;
}
