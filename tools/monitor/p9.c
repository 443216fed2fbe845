/* SPDX-License-Identifier: MIT */
/*
 * The 9P2000.L server: wire format, the fid table, the session messages
 * (version, attach, walk, clunk, flush) and dispatch.  The file operations
 * are in p9_file.c, which is also where every host path is resolved.
 */
#define _GNU_SOURCE
#define P9_INTERNAL
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p9.h"

/* ---- wire format: little-endian, every read and write bounds-checked */

static const uint8_t *take(struct p9_in *in, size_t n)
{
    if (in->bad || n > in->len - in->off) {
        in->bad = 1;
        return NULL;
    }
    in->off += n;
    return in->p + in->off - n;
}

static uint64_t get_le(struct p9_in *in, size_t n)
{
    const uint8_t *b = take(in, n);
    uint64_t v = 0;
    for (size_t i = 0; b && i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

uint8_t p9_get8(struct p9_in *in)
{
    return (uint8_t)get_le(in, 1);
}
uint16_t p9_get16(struct p9_in *in)
{
    return (uint16_t)get_le(in, 2);
}
uint32_t p9_get32(struct p9_in *in)
{
    return (uint32_t)get_le(in, 4);
}
uint64_t p9_get64(struct p9_in *in)
{
    return get_le(in, 8);
}

char *p9_getstr(struct p9_in *in, char *buf, size_t cap)
{
    size_t n = p9_get16(in);
    const uint8_t *b = take(in, n);
    buf[0] = 0;
    if (!b || n >= cap || memchr(b, 0, n)) {
        in->bad = 1;
        return buf;
    }
    memcpy(buf, b, n);
    buf[n] = 0;
    return buf;
}

char *p9_getname(struct p9_in *in, char *buf, size_t cap)
{
    p9_getstr(in, buf, cap);
    if (!buf[0] || strchr(buf, '/') || !strcmp(buf, ".") || !strcmp(buf, ".."))
        in->bad = 1;
    return buf;
}

uint8_t *p9_putraw(struct p9_out *o, size_t n)
{
    if (o->bad || n > o->cap - o->len) {
        o->bad = 1;
        return NULL;
    }
    o->len += n;
    return o->p + o->len - n;
}

static void put_le(struct p9_out *o, uint64_t v, size_t n)
{
    uint8_t *b = p9_putraw(o, n);
    for (size_t i = 0; b && i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

void p9_put8(struct p9_out *o, uint8_t v)
{
    put_le(o, v, 1);
}
void p9_put16(struct p9_out *o, uint16_t v)
{
    put_le(o, v, 2);
}
void p9_put32(struct p9_out *o, uint32_t v)
{
    put_le(o, v, 4);
}
void p9_put64(struct p9_out *o, uint64_t v)
{
    put_le(o, v, 8);
}

void p9_putstr(struct p9_out *o, const char *s, size_t n)
{
    uint8_t *b;
    if (n > UINT16_MAX) {
        o->bad = 1;
        return;
    }
    p9_put16(o, (uint16_t)n);
    if ((b = p9_putraw(o, n)))
        memcpy(b, s, n);
}

void p9_putqid(struct p9_out *o, const struct p9_server *s,
               const struct stat *st)
{
    uint64_t path = st->st_ino;
    if (st->st_dev != s->rootdev) /* another file system inside the tree */
        path ^= ((uint64_t)st->st_dev << 40) | 1ULL << 63;
    p9_put8(o, S_ISDIR(st->st_mode) ? 0x80 : S_ISLNK(st->st_mode) ? 0x02 : 0);
    p9_put32(o, 0);
    p9_put64(o, path);
}

/* ---- fids */

static struct p9_fid **slot(struct p9_server *s, uint32_t num)
{
    struct p9_fid **pp = &s->hash[(num * 2654435761u) >> 22];
    while (*pp && (*pp)->num != num)
        pp = &(*pp)->next;
    return pp;
}

struct p9_fid *p9_fid_get(struct p9_server *s, uint32_t num)
{
    return *slot(s, num);
}

int p9_fid_new(struct p9_server *s, uint32_t num, const char *path,
               struct p9_fid **out)
{
    struct p9_fid **pp = slot(s, num), *f;
    if (*pp)
        return -EBADF;
    if (s->nfids >= P9_MAX_FIDS)
        return -EMFILE;
    if (!(f = calloc(1, sizeof(*f))) || !(f->path = strdup(path))) {
        free(f);
        return -ENOMEM;
    }
    f->num = num;
    f->fd = -1;
    *pp = f;
    s->nfids++;
    *out = f;
    return 0;
}

int p9_fid_setpath(struct p9_fid *f, const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -ENOMEM;
    free(f->path);
    f->path = p;
    return 0;
}

void p9_fid_drop(struct p9_server *s, struct p9_fid *f)
{
    struct p9_fid **pp = slot(s, f->num);
    *pp = f->next;
    if (f->fd >= 0) {
        close(f->fd);
        s->nopen--;
    }
    free(f->path);
    free(f);
    s->nfids--;
}

void p9_fid_renamed(struct p9_server *s, const char *old, const char *new)
{
    char buf[P9_PATH_MAX];
    size_t n = strlen(old);
    for (size_t i = 0; i < sizeof(s->hash) / sizeof(s->hash[0]); i++)
        for (struct p9_fid *f = s->hash[i]; f; f = f->next) {
            if (strncmp(f->path, old, n) || (f->path[n] && f->path[n] != '/'))
                continue;
            /* Too long or no memory: the fid keeps its stale path,
             * which at worst names nothing. */
            if (snprintf(buf, sizeof(buf), "%s%s", new, f->path + n) <
                (int)sizeof(buf))
                p9_fid_setpath(f, buf);
        }
}

int p9_join(char *buf, const char *path, const char *name)
{
    int n =
        snprintf(buf, P9_PATH_MAX, "%s%s%s", path, path[0] ? "/" : "", name);
    return n < 0 || n >= P9_PATH_MAX ? -ENAMETOOLONG : 0;
}

/* ---- session messages */

static int p9_version(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    char ver[32];
    uint32_t msize = p9_get32(in);
    p9_getstr(in, ver, sizeof(ver));
    if (in->bad || msize < 256)
        return -EINVAL;
    p9_server_reset(s);
    s->msize = msize < P9_MAX_MSIZE ? msize : P9_MAX_MSIZE;
    p9_put32(out, s->msize);
    if (!strncmp(ver, "9P2000.L", 8))
        p9_putstr(out, "9P2000.L", 8);
    else
        p9_putstr(out, "unknown", 7);
    return 0;
}

static int p9_attach(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    char name[P9_PATH_MAX];
    struct p9_fid *f;
    struct stat st;
    uint32_t fid = p9_get32(in);
    p9_get32(in);                      /* afid: no authentication */
    p9_getstr(in, name, sizeof(name)); /* uname */
    p9_getstr(in, name, sizeof(name)); /* aname: there is one tree */
    p9_get32(in);                      /* n_uname */
    if (in->bad)
        return -EINVAL;
    if (fstat(s->rootfd, &st) < 0)
        return -errno;
    int r = p9_fid_new(s, fid, "", &f);
    if (r == 0)
        p9_putqid(out, s, &st);
    return r;
}

/* One walk step from path (in place) by name; its stat into st. */
static int walk_one(struct p9_server *s, char *path, const char *name,
                    struct stat *st)
{
    char next[P9_PATH_MAX];
    if (!strcmp(name, "..")) {
        char *slash = strrchr(path, '/');
        if (slash)
            *slash = 0;
        else
            path[0] = 0; /* ".." of the root is the root */
    } else {
        if (!name[0] || strchr(name, '/') || !strcmp(name, "."))
            return -EINVAL;
        if (p9_join(next, path, name) < 0)
            return -ENAMETOOLONG;
        strcpy(path, next);
    }
    return p9_lstat(s, path, st);
}

static int p9_walk(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    char path[P9_PATH_MAX], name[256];
    struct p9_fid *f, *nf;
    struct stat st;
    uint32_t fid = p9_get32(in), newfid = p9_get32(in);
    uint16_t n = p9_get16(in), i;
    if (in->bad || n > P9_MAX_WALK)
        return -EINVAL;
    if (!(f = p9_fid_get(s, fid)))
        return -EBADF;
    if (newfid != fid && p9_fid_get(s, newfid))
        return -EBADF;
    strcpy(path, f->path);
    size_t at = out->len;
    p9_put16(out, 0); /* nwqid, filled in below */
    for (i = 0; i < n; i++) {
        p9_getstr(in, name, sizeof(name));
        if (in->bad)
            return -EINVAL;
        int r = walk_one(s, path, name, &st);
        if (r < 0 && i == 0)
            return r;
        if (r < 0)
            break;
        p9_putqid(out, s, &st);
    }
    if (!out->bad)
        out->p[at] = (uint8_t)i; /* i <= 16 */
    if (i < n)                   /* a partial walk: newfid is not created */
        return 0;
    if (newfid == fid)
        return p9_fid_setpath(f, path);
    return p9_fid_new(s, newfid, path, &nf);
}

static int p9_clunk(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    p9_fid_drop(s, f);
    return 0;
}

static int p9_flush(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)s, (void)out;
    p9_get16(in); /* oldtag: every request is done before the next */
    return in->bad ? -EINVAL : 0;
}

/* ---- dispatch */

static p9_handler *const handlers[P9_NTYPES] = {
    [P9_TSTATFS] = p9_statfs,     [P9_TLOPEN] = p9_lopen,
    [P9_TLCREATE] = p9_lcreate,   [P9_TSYMLINK] = p9_symlink,
    [P9_TMKNOD] = p9_mknod,       [P9_TREADLINK] = p9_readlink,
    [P9_TGETATTR] = p9_getattr,   [P9_TSETATTR] = p9_setattr,
    [P9_TREADDIR] = p9_readdir,   [P9_TFSYNC] = p9_fsync,
    [P9_TLINK] = p9_link,         [P9_TMKDIR] = p9_mkdir,
    [P9_TRENAMEAT] = p9_renameat, [P9_TUNLINKAT] = p9_unlinkat,
    [P9_TVERSION] = p9_version,   [P9_TATTACH] = p9_attach,
    [P9_TFLUSH] = p9_flush,       [P9_TWALK] = p9_walk,
    [P9_TREAD] = p9_read,         [P9_TWRITE] = p9_write,
    [P9_TCLUNK] = p9_clunk,       [P9_TREMOVE] = p9_remove,
};

/* Messages a read-only mount refuses whole (Tlopen and Tremove decide
 * for themselves). */
static const uint8_t modifies[P9_NTYPES] = {
    [P9_TLCREATE] = 1, [P9_TWRITE] = 1,    [P9_TSETATTR] = 1,
    [P9_TMKDIR] = 1,   [P9_TSYMLINK] = 1,  [P9_TMKNOD] = 1,
    [P9_TLINK] = 1,    [P9_TRENAMEAT] = 1, [P9_TUNLINKAT] = 1,
};

size_t p9_serve(struct p9_server *s, const uint8_t *req, size_t len,
                uint8_t *buf, size_t cap)
{
    struct p9_in in = {.p = req, .len = len};
    struct p9_out out = {.p = buf, .cap = cap < s->msize ? cap : s->msize};
    uint32_t size = p9_get32(&in);
    uint8_t type = p9_get8(&in);
    uint16_t tag = in.bad ? 0xffff : p9_get16(&in);
    int r = -EINVAL;

    if (out.cap < P9_HDR + 4)
        return 0;
    if (!in.bad && size >= P9_HDR && size <= len) {
        in.len = size;
        out.len = P9_HDR;
        if (type >= P9_NTYPES || !handlers[type] || (type & 1))
            r = -EOPNOTSUPP;
        else if (modifies[type] && s->readonly)
            r = -EROFS;
        else
            r = handlers[type](s, &in, &out);
        if (r == 0 && out.bad)
            r = -ENOBUFS; /* cannot happen for a sane msize */
    }
    if (r < 0) {
        out.len = P9_HDR;
        out.bad = 0;
        p9_put32(&out, (uint32_t)-r);
        type = P9_TLERROR;
    }
    buf[0] = (uint8_t)out.len;
    buf[1] = (uint8_t)(out.len >> 8);
    buf[2] = (uint8_t)(out.len >> 16);
    buf[3] = (uint8_t)(out.len >> 24);
    buf[4] = type + 1;
    buf[5] = (uint8_t)tag;
    buf[6] = (uint8_t)(tag >> 8);
    return out.len;
}

/* ---- the server */

int p9_server_open(struct p9_server **out, const char *host, int readonly)
{
    struct p9_server *s = calloc(1, sizeof(*s));
    struct stat st;
    if (!s)
        return -ENOMEM;
    s->rootfd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->rootfd < 0 || fstat(s->rootfd, &st) < 0) {
        int r = -errno;
        if (s->rootfd >= 0)
            close(s->rootfd);
        free(s);
        return r;
    }
    s->rootdev = st.st_dev;
    s->readonly = readonly;
    s->msize = P9_MAX_MSIZE;
    *out = s;
    return 0;
}

void p9_server_reset(struct p9_server *s)
{
    for (size_t i = 0; i < sizeof(s->hash) / sizeof(s->hash[0]); i++)
        while (s->hash[i])
            p9_fid_drop(s, s->hash[i]);
}

void p9_server_close(struct p9_server *s)
{
    if (!s)
        return;
    p9_server_reset(s);
    close(s->rootfd);
    free(s);
}
