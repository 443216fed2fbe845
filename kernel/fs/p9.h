/* SPDX-License-Identifier: MIT */
/*
 * A 9P2000.L client over one virtio 9p device: the transport of host
 * directories (-v).  Errors are -errno as the server (Rlerror) or the
 * transport (-EIO) gives them.  A call goes on one of the device's two
 * lanes (kernel/dev/virtio.h), each with its own message buffers:
 *  - P9_POLL, every call but these: it polls, holding the big lock, so
 *    its caller's pointers stay good and no two are in flight;
 *  - P9_IO, the data of read() and write() into user memory: between
 *    p9_io_begin and p9_io_end (one task at a time), the task sleeps
 *    while the host serves it, and may fault on user memory meanwhile
 *    (the fault's requests take P9_POLL).
 */
#ifndef UK_FS_P9_H
#define UK_FS_P9_H

#include "kernel/dev/virtio.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define P9_MSIZE (128u * 1024 + 4096)
#define P9_WHDR 23  /* a Twrite's header, before its data */
#define P9_IOHDR 24 /* what Tread/Twrite take of msize, at most */

struct p9_attr {
    uint64_t ino;
    uint32_t mode, uid, gid;
    uint64_t nlink, rdev, size, blocks;
    uint64_t atime, mtime, ctime; /* ns since the epoch */
};

enum { P9_POLL = VIRTIO_POLL, P9_IO = VIRTIO_SLEEP };

struct p9 {
    struct virtio_dev dev;
    struct {
        uint8_t *tx, *rx; /* P9_MSIZE each, physically contiguous */
    } lane[2];            /* P9_IO's made on its first use */
    uint32_t msize;       /* as agreed with the server */
    uint32_t next_fid;
    uint32_t root; /* the attached fid */
    bool io_busy;  /* a task is between p9_io_begin and p9_io_end */
    struct wait_queue io_wait;
};
#define P9_MAX_INTO 36 /* pieces one read may fill */

/* Open the device of virtio-mmio slot `slot`, check its tag is "uk<slot>",
 * agree on 9P2000.L and attach fid c->root to the exported directory. */
int p9_open(struct p9 *c, unsigned slot);
uint32_t p9_fid_new(struct p9 *c);
/* newfid := fid walked by name (len 0: a clone of fid). */
int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
            size_t len);
int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a);
int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags);
void p9_clunk(struct p9 *c, uint32_t fid);
/* The lane P9_IO for the caller, after the task that has it: false when
 * there is no memory for its buffers (then use P9_POLL). */
bool p9_io_begin(struct p9 *c);
void p9_io_end(struct p9 *c);
/* Up to count bytes at off: the count read, with *data pointing into the
 * reply (valid until the lane's next call). */
long p9_read(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
             uint32_t count, const uint8_t **data);
long p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, uint32_t count,
                const uint8_t **data);
/* Up to the bytes of into[0, n) (n <= P9_MAX_INTO, physical memory) at
 * off, straight there, with no copy by the kernel: the bytes read. */
long p9_read_into(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
                  const struct virtio_buf *into, unsigned n);
/* Twrite's data goes at p9_write_buf(c, lane) (at most p9_io_max(c)
 * bytes). */
static inline uint8_t *p9_write_buf(struct p9 *c, unsigned lane)
{
    return c->lane[lane].tx + P9_WHDR;
}
static inline uint32_t p9_io_max(struct p9 *c)
{
    return c->msize - P9_IOHDR;
}
long p9_write(struct p9 *c, unsigned lane, uint32_t fid, uint64_t off,
              uint32_t count);
long p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t cap);

/* Changes (a read-only mount's server says EROFS). */
/* fid (a directory) becomes the new file name, open with flags. */
int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
               uint32_t flags, uint32_t mode);
int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
             uint32_t mode);
int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
               const char *target);
int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
                bool dir);
int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname, size_t olen,
                uint32_t ndfid, const char *nname, size_t nlen);
int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
            size_t len);
#define P9_SET_MODE 1u
#define P9_SET_UID 2u
#define P9_SET_GID 4u
#define P9_SET_SIZE 8u
#define P9_SET_ATIME 16u      /* to now, or with P9_SET_ATIME_SET to atime */
#define P9_SET_MTIME 32u
#define P9_SET_CTIME 64u
#define P9_SET_ATIME_SET 128u
#define P9_SET_MTIME_SET 256u
struct p9_setattr {
    uint32_t valid, mode, uid, gid;
    uint64_t size, atime, mtime; /* times in ns */
};
int p9_setattr(struct p9 *c, uint32_t fid, const struct p9_setattr *s);
int p9_fsync(struct p9 *c, uint32_t fid, bool datasync);
struct p9_statfs {
    uint32_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree, fsid;
    uint32_t namelen;
};
int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *s);

#endif
