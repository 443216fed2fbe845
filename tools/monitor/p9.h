/* SPDX-License-Identifier: MIT */
/*
 * A 9P2000.L file server rooted at one host directory (tools/monitor/p9*.c).
 * A pure function of (server state, T-message bytes) -> R-message bytes:
 * no KVM, no guest memory, so unit tests and a fuzzer drive it directly.
 * The virtio-9p device (virtio_mmio.c) feeds it the guest's requests.
 */
#ifndef UK_P9_H
#define UK_P9_H

#include <stddef.h>
#include <stdint.h>

/* The largest msize Tversion agrees to: 512 KiB of data plus headers. */
#define P9_MAX_MSIZE (512 * 1024 + 4096)
/* Fids one session may hold, and fids holding an open host file. */
#define P9_MAX_FIDS 8192
#define P9_MAX_OPEN 256

struct p9_server;

/* Open the host directory `host` as the root of a new server; readonly
 * refuses every modification with EROFS.  0, or -errno (prints nothing). */
int p9_server_open(struct p9_server **s, const char *host, int readonly);
/* Forget every fid (device reset). */
void p9_server_reset(struct p9_server *s);
/* Release the server and every fid and host fd it holds. */
void p9_server_close(struct p9_server *s);
/* Serve the T-message req[0, len): write the R-message (an Rlerror for a
 * malformed or refused one) into out[0, cap) and return its length, or 0
 * when cap cannot hold even an Rlerror. */
size_t p9_serve(struct p9_server *s, const uint8_t *req, size_t len,
                uint8_t *out, size_t cap);

/*
 * Below: shared between p9.c (protocol, fids), p9_file.c (host access,
 * files) and p9_dir.c (directories) only, which define P9_INTERNAL.
 */
#ifdef P9_INTERNAL
#include <sys/stat.h>

/* Message types (Linux include/net/9p/9p.h); the R-type is T + 1. */
enum {
    P9_TLERROR = 6,
    P9_RLERROR = 7,
    P9_TSTATFS = 8,
    P9_TLOPEN = 12,
    P9_TLCREATE = 14,
    P9_TSYMLINK = 16,
    P9_TMKNOD = 18,
    P9_TREADLINK = 22,
    P9_TGETATTR = 24,
    P9_TSETATTR = 26,
    P9_TXATTRWALK = 30,
    P9_TREADDIR = 40,
    P9_TFSYNC = 50,
    P9_TLINK = 70,
    P9_TMKDIR = 72,
    P9_TRENAMEAT = 74,
    P9_TUNLINKAT = 76,
    P9_TVERSION = 100,
    P9_TATTACH = 104,
    P9_TFLUSH = 108,
    P9_TWALK = 110,
    P9_TREAD = 116,
    P9_TWRITE = 118,
    P9_TCLUNK = 120,
    P9_TREMOVE = 122,
    P9_NTYPES = 128,
};

#define P9_HDR 7    /* size[4] type[1] tag[2] */
#define P9_IOHDR 24 /* what iounit leaves for headers */
#define P9_MAX_WALK 16
#define P9_PATH_MAX 4096
/* The mode bits the guest may give a file: no set-user-ID or set-group-ID
 * bit, since the monitor may run as root and the tree is the host's. */
#define P9_MODE_FILE 01777

/* One fid: a path relative to the root ("" is the root), normalised: no
 * "", "." or ".." components, no leading, trailing or double '/'. */
struct p9_fid {
    uint32_t num;
    struct p9_fid *next; /* hash chain */
    char *path;
    int fd;    /* host fd after Tlopen/Tlcreate, else -1 */
    int flags; /* its open flags */
};

struct p9_server {
    int rootfd; /* O_PATH|O_DIRECTORY of the mount root */
    dev_t rootdev;
    int readonly;
    uint32_t msize;
    unsigned nfids, nopen;
    struct p9_fid *hash[1024];
};

/* A request being decoded: every read is bounds-checked; a short or bad
 * field sets bad and yields zeros. */
struct p9_in {
    const uint8_t *p;
    size_t len, off;
    int bad;
};

/* A reply being built; overflowing sets bad. */
struct p9_out {
    uint8_t *p;
    size_t cap, len;
    int bad;
};

uint8_t p9_get8(struct p9_in *in);
uint16_t p9_get16(struct p9_in *in);
uint32_t p9_get32(struct p9_in *in);
uint64_t p9_get64(struct p9_in *in);
/* A string len[2] bytes into buf[cap] with a NUL; bad if it does not fit
 * or holds a NUL.  Returns buf. */
char *p9_getstr(struct p9_in *in, char *buf, size_t cap);
/* A single path component for a new or named child: not "", ".", "..",
 * no '/'.  Returns buf, or sets bad. */
char *p9_getname(struct p9_in *in, char *buf, size_t cap);
void p9_put8(struct p9_out *o, uint8_t v);
void p9_put16(struct p9_out *o, uint16_t v);
void p9_put32(struct p9_out *o, uint32_t v);
void p9_put64(struct p9_out *o, uint64_t v);
void p9_putstr(struct p9_out *o, const char *s, size_t n);
/* Room for n raw bytes at the end of the reply, or NULL (sets bad). */
uint8_t *p9_putraw(struct p9_out *o, size_t n);
/* The qid of what st describes. */
void p9_putqid(struct p9_out *o, const struct p9_server *s,
               const struct stat *st);

/* The fid numbered num, or NULL. */
struct p9_fid *p9_fid_get(struct p9_server *s, uint32_t num);
/* A new fid num with a copy of path; -EBADF if num is in use, -EMFILE
 * when the table is full, -ENOMEM. */
int p9_fid_new(struct p9_server *s, uint32_t num, const char *path,
               struct p9_fid **out);
/* Replace f's path by a copy of path.  0 or -ENOMEM / -ENAMETOOLONG. */
int p9_fid_setpath(struct p9_fid *f, const char *path);
/* Close f's host fd and free it. */
void p9_fid_drop(struct p9_server *s, struct p9_fid *f);
/* After a rename of old to new, re-point every fid at or below old. */
void p9_fid_renamed(struct p9_server *s, const char *old, const char *new);
/* path + "/" + name into buf[P9_PATH_MAX]; -ENAMETOOLONG. */
int p9_join(char *buf, const char *path, const char *name);

/* Host access (p9_file.c, where the security argument is): open rel (beneath
 * the root, following no symlink) with flags; the fd or -errno. */
int p9_open(const struct p9_server *s, const char *rel, int flags, int mode);
/* fstat-like: stat of rel itself (a symlink is not followed). */
int p9_lstat(const struct p9_server *s, const char *rel, struct stat *st);
/* An O_PATH fd of the directory f names; -errno. */
int p9_open_dir(const struct p9_server *s, const struct p9_fid *f);
/* An O_PATH fd of rel's parent directory, and rel's last component in
 * *name (pointing into buf[P9_PATH_MAX] or rel); the root: -EBUSY. */
int p9_open_parent(const struct p9_server *s, const char *rel, char *buf,
                   const char **name);

/* A handler decodes the rest of the request from in and appends its
 * reply body to out; returns 0 or -errno (then out is discarded). */
typedef int p9_handler(struct p9_server *s, struct p9_in *in,
                       struct p9_out *out);
p9_handler p9_lopen, p9_lcreate, p9_read, p9_write, p9_getattr, p9_setattr,
    p9_readdir, p9_readlink, p9_mkdir, p9_symlink, p9_mknod, p9_link,
    p9_renameat, p9_unlinkat, p9_statfs, p9_fsync, p9_remove;
#endif /* P9_INTERNAL */
#endif
