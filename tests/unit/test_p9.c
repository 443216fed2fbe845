/* SPDX-License-Identifier: MIT */
/*
 * Tests of the 9P2000.L server (tools/monitor/p9*.c) with hand-built
 * T-messages, on a temporary tree with symlinks planted inside it that
 * lead out of it, next to an "outside" directory holding a secret.
 *
 *   test_p9 [CORPUS_DIR]   run the tests, then replay the fuzz corpus
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tests/unit/test_p9.h"
#include "tools/monitor/p9.h"

int failures;
static char tmp[] = "/tmp/test_p9.XXXXXX";
static char root[128], outside[128], secret[256];
static struct p9_server *srv;
static uint8_t req[1 << 16], rep[P9_MAX_MSIZE];
static size_t rn, rp, replen;
static uint8_t qtype;
static uint64_t qpath;

/* ---- building requests, reading replies */

static void put(uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        req[rn++] = (uint8_t)(v >> (8 * i));
}
static void str(const char *s)
{
    put(strlen(s), 2);
    memcpy(req + rn, s, strlen(s));
    rn += strlen(s);
}
static void t(uint8_t type)
{
    rn = 4;
    put(type, 1);
    put(0x1234, 2);
}
static uint64_t g(int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)rep[rp++] << (8 * i);
    return v;
}
static void qid(void)
{
    qtype = (uint8_t)g(1);
    g(4);
    qpath = g(8);
}

/* Send the request (size fixed up); 0 or -errno of an Rlerror. */
static int go_raw(size_t len)
{
    replen = p9_serve(srv, req, len, rep, sizeof(rep));
    rp = 0;
    CHECK(replen >= 7 && g(4) == replen);
    uint8_t type = (uint8_t)g(1);
    CHECK(g(2) == 0x1234);
    if (type == 7)
        return -(int)g(4);
    CHECK(type == req[4] + 1);
    return 0;
}
static int go(void)
{
    size_t n = rn;
    rn = 0;
    put(n, 4);
    return go_raw(n);
}

/* ---- one wrapper per message */

static int version(uint32_t msize, const char *v, uint32_t *got, char *gotv)
{
    t(100), put(msize, 4), str(v);
    int r = go();
    if (r == 0) {
        *got = (uint32_t)g(4);
        size_t n = g(2);
        memcpy(gotv, rep + rp, n);
        gotv[n] = 0;
    }
    return r;
}
static int attach(uint32_t fid)
{
    t(104), put(fid, 4), put(~0u, 4), str("me"), str(""), put(0, 4);
    int r = go();
    if (r == 0)
        qid();
    return r;
}
/* nwqid, or -errno; qtype/qpath: the last qid. */
static int walk(uint32_t fid, uint32_t nf, const char **names)
{
    int n = 0, r;
    while (names[n])
        n++;
    t(110), put(fid, 4), put(nf, 4), put(n, 2);
    for (int i = 0; i < n; i++)
        str(names[i]);
    if ((r = go()) < 0)
        return r;
    r = (int)g(2);
    for (int i = 0; i < r; i++)
        qid();
    return r;
}
#define WALK(f, nf, ...) walk(f, nf, (const char *[]){__VA_ARGS__ NULL})
static int lopen(uint32_t fid, uint32_t flags)
{
    t(12), put(fid, 4), put(flags, 4);
    int r = go();
    if (r == 0)
        qid();
    return r;
}
static int lcreate(uint32_t fid, const char *name, uint32_t flags)
{
    t(14), put(fid, 4), str(name), put(flags, 4), put(0644, 4), put(0, 4);
    return go();
}
static long rd(uint32_t fid, uint64_t off, uint32_t count, char *buf)
{
    t(116), put(fid, 4), put(off, 8), put(count, 4);
    int r = go();
    if (r < 0)
        return r;
    size_t n = g(4);
    memcpy(buf, rep + rp, n);
    buf[n] = 0;
    return (long)n;
}
static long wr(uint32_t fid, uint64_t off, const char *data)
{
    t(118), put(fid, 4), put(off, 8), put(strlen(data), 4);
    memcpy(req + rn, data, strlen(data));
    rn += strlen(data);
    int r = go();
    return r < 0 ? r : (long)g(4);
}
static int getattr(uint32_t fid, uint32_t *mode, uint64_t *size)
{
    t(24), put(fid, 4), put(0x7ff, 8);
    int r = go();
    if (r < 0)
        return r;
    CHECK(g(8) == 0x7ff);
    qid();
    *mode = (uint32_t)g(4);
    g(4), g(4), g(8), g(8);
    *size = g(8);
    return 0;
}
static int readlink_(uint32_t fid, char *buf)
{
    t(22), put(fid, 4);
    int r = go();
    if (r == 0) {
        size_t n = g(2);
        memcpy(buf, rep + rp, n);
        buf[n] = 0;
    }
    return r;
}
static int clunk(uint32_t fid)
{
    t(120), put(fid, 4);
    return go();
}
static int simple(uint8_t type, uint32_t fid)
{
    t(type), put(fid, 4);
    return go();
}
static int setattr(uint32_t fid, uint32_t valid, uint32_t mode, uint64_t size)
{
    t(26), put(fid, 4), put(valid, 4), put(mode, 4), put(0, 4), put(0, 4);
    put(size, 8), put(1000, 8), put(0, 8), put(2000, 8), put(0, 8);
    return go();
}
/* Append the names of the entries to names ("a/b/..."), return the
 * number of entries or -errno; *off: the offset to resume from. */
static int readdir_(uint32_t fid, uint64_t *off, uint32_t count, char *names)
{
    t(40), put(fid, 4), put(*off, 8), put(count, 4);
    int r = go(), n = 0;
    if (r < 0)
        return r;
    size_t count_ = g(4), end = rp + count_;
    while (rp < end) {
        qid();
        *off = g(8);
        g(1);
        size_t len = g(2);
        strncat(names, (char *)rep + rp, len);
        strcat(names, "/");
        rp += len;
        n++;
    }
    return n;
}
static int go_qid(void)
{
    int r = go();
    if (r == 0)
        qid();
    return r;
}
static int mkdir_(uint32_t d, const char *name)
{
    t(72), put(d, 4), str(name), put(0755, 4), put(0, 4);
    return go_qid();
}
static int symlink_(uint32_t d, const char *name, const char *target)
{
    t(16), put(d, 4), str(name), str(target), put(0, 4);
    return go_qid();
}
static int mknod_(uint32_t d, const char *name, uint32_t mode)
{
    t(18), put(d, 4), str(name), put(mode, 4), put(1, 4), put(3, 4);
    put(0, 4);
    return go_qid();
}
static int link_(uint32_t d, uint32_t fid, const char *name)
{
    t(70), put(d, 4), put(fid, 4), str(name);
    return go();
}
static int rename_(uint32_t od, const char *on, uint32_t nd, const char *nn)
{
    t(74), put(od, 4), str(on), put(nd, 4), str(nn);
    return go();
}
static int unlinkat_(uint32_t d, const char *name, uint32_t flags)
{
    t(76), put(d, 4), str(name), put(flags, 4);
    return go();
}

/* ---- the host tree */

static const char *at(const char *rel)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", root, rel);
    return buf[i];
}

static void file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
}

static ino_t ino(const char *path, int follow)
{
    struct stat st;
    if ((follow ? stat(path, &st) : lstat(path, &st)) < 0)
        return 0;
    return st.st_ino;
}

static void make_tree(void)
{
    char p[512];
    CHECK(mkdtemp(tmp) != NULL);
    snprintf(root, sizeof(root), "%s/root", tmp);
    snprintf(outside, sizeof(outside), "%s/outside", tmp);
    snprintf(secret, sizeof(secret), "%s/secret", outside);
    CHECK(mkdir(root, 0755) == 0 && mkdir(outside, 0755) == 0);
    file(secret, "SECRET");
    file(at("hello"), "hello world\n");
    CHECK(mkdir(at("sub"), 0755) == 0 && mkdir(at("sub/deep"), 0755) == 0);
    file(at("sub/inner"), "inner");
    CHECK(symlink("/etc/passwd", at("abs_passwd")) == 0);
    CHECK(symlink(secret, at("abs_secret")) == 0);
    CHECK(symlink("../outside/secret", at("rel_secret")) == 0);
    CHECK(symlink("../outside", at("dirlink")) == 0);
    CHECK(symlink(outside, at("absdirlink")) == 0);
    CHECK(symlink("loop", at("loop")) == 0);
    snprintf(p, sizeof(p), "%s/planted", outside);
    CHECK(symlink(p, at("dangling")) == 0);
    CHECK(symlink("../outside/planted2", at("dangling_rel")) == 0);
}

static int rm_one(const char *p, const struct stat *st, int t, struct FTW *f)
{
    (void)st, (void)t, (void)f;
    return remove(p);
}

/* Names, types, sizes and modes of everything under root, for "the tree
 * is unchanged". */
static void snapshot(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[1024];
    struct stat st;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        lstat(p, &st);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s:%o:%lld;", p, st.st_mode,
                 (long long)st.st_size);
        if (S_ISDIR(st.st_mode))
            snapshot(p, out, cap);
    }
    if (d)
        closedir(d);
}

/* ---- the cases */

#define OUTSIDE_INTACT()                                                       \
    do {                                                                       \
        char b_[16] = "";                                                      \
        int fd_ = open(secret, O_RDONLY);                                      \
        CHECK(read(fd_, b_, sizeof(b_)) == 6 && !memcmp(b_, "SECRET", 6));     \
        close(fd_);                                                            \
        struct stat st_;                                                       \
        CHECK(stat(secret, &st_) == 0 && (st_.st_mode & 07777) == 0644);       \
        CHECK(stat(outside, &st_) == 0 && st_.st_nlink == 2);                  \
        CHECK(lstat(at("../outside/planted"), &st_) < 0);                      \
        CHECK(lstat(at("../outside/planted2"), &st_) < 0);                     \
    } while (0)

static uint64_t root_ino;

static void test_version(void)
{
    uint32_t m;
    char v[32], buf[P9_MAX_MSIZE];
    CHECK(version(1u << 30, "9P2000.L", &m, v) == 0 && m == P9_MAX_MSIZE &&
          !strcmp(v, "9P2000.L"));
    CHECK(version(8192, "9P2000.u", &m, v) == 0 && !strcmp(v, "unknown"));
    CHECK(version(100, "9P2000.L", &m, v) == -EINVAL);
    CHECK(version(8192, "9P2000.L", &m, v) == 0 && m == 8192);
    /* reads are clamped to what fits in msize, and in the reply buffer */
    char big[20000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    file(at("big"), big);
    CHECK(attach(0) == 0 && WALK(0, 1, "big", ) == 1 &&
          lopen(1, O_RDONLY) == 0);
    CHECK(rd(1, 0, 100000, buf) == 8192 - 11);
    t(116), put(1, 4), put(0, 8), put(100000, 4);
    rn = 0, put(23, 4);
    CHECK(p9_serve(srv, req, 23, rep, 100) == 100 && rep[4] == 117);
    CHECK(p9_serve(srv, req, 23, rep, 10) == 0);
    CHECK(version(1u << 20, "9P2000.L", &m, v) == 0 && m == P9_MAX_MSIZE);
    CHECK(clunk(1) == -EBADF); /* Tversion dropped every fid */
    unlink(at("big"));
}

static void test_walk(void)
{
    uint32_t mode;
    uint64_t size;
    CHECK(attach(0) == 0 && qtype == 0x80 && qpath == ino(root, 1));
    root_ino = qpath;
    CHECK(attach(0) == -EBADF);
    CHECK(WALK(0, 1, "..", ) == 1 && qpath == root_ino);
    CHECK(getattr(1, &mode, &size) == 0 && qpath == root_ino);
    CHECK(WALK(1, 2, "..", "..", "sub", ) == 3 && qpath == ino(at("sub"), 1));
    CHECK(WALK(0, 3, "sub", "..", "..", "..", "hello", ) == 5 &&
          qpath == ino(at("hello"), 1));
    CHECK(WALK(0, 3, ) == -EBADF); /* newfid in use */
    CHECK(WALK(0, 4, ) == 0 && getattr(4, &mode, &size) == 0 &&
          qpath == root_ino && S_ISDIR(mode));
    CHECK(WALK(4, 4, "sub", ) == 1 && getattr(4, &mode, &size) == 0 &&
          qpath == ino(at("sub"), 1));
    CHECK(WALK(0, 5, ".", ) == -EINVAL && WALK(0, 5, "", ) == -EINVAL);
    CHECK(WALK(0, 5, "sub/inner", ) == -EINVAL);
    CHECK(WALK(0, 5, "nothing", ) == -ENOENT);
    CHECK(WALK(0, 5, "sub", "nothing", "x", ) == 1 && clunk(5) == -EBADF);
    for (uint32_t f = 1; f <= 4; f++)
        CHECK(clunk(f) == 0);
}

static void test_symlinks(void)
{
    const char *links[] = {"abs_passwd", "abs_secret", "rel_secret",
                           "dirlink",    "absdirlink", "loop"};
    char buf[512], want[512];
    uint32_t mode;
    uint64_t size;
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        const char *l = links[i];
        CHECK(WALK(0, 10, l, ) == 1 && qtype == 0x02 && qpath == ino(at(l), 0));
        CHECK(lopen(10, O_RDONLY) == -ELOOP);
        CHECK(getattr(10, &mode, &size) == 0 && S_ISLNK(mode) &&
              qpath == ino(at(l), 0) && qpath != ino(secret, 1));
        ssize_t n = readlink(at(l), want, sizeof(want) - 1);
        want[n > 0 ? n : 0] = 0;
        CHECK(readlink_(10, buf) == 0 && !strcmp(buf, want));
        CHECK(WALK(10, 11, "secret", ) == -ELOOP);
        CHECK(setattr(10, 1, 0777, 0) == -EOPNOTSUPP);
        CHECK(setattr(10, 8, 0, 0) == -ELOOP);
        CHECK(clunk(10) == 0);
    }
    CHECK(WALK(0, 11, "dirlink", "secret", ) == 1 && clunk(11) == -EBADF);
    CHECK(WALK(0, 11, "absdirlink", "secret", ) == 1 && clunk(11) == -EBADF);
    /* creating where a dangling symlink leads out creates nothing */
    CHECK(WALK(0, 12, ) == 0);
    CHECK(lcreate(12, "dangling", O_RDWR) == -EEXIST);
    CHECK(lcreate(12, "dangling_rel", O_WRONLY | O_TRUNC) == -EEXIST);
    CHECK(mkdir_(12, "dangling") == -EEXIST);
    CHECK(mknod_(12, "dangling", S_IFIFO | 0644) == -EEXIST);
    CHECK(symlink_(12, "dangling_rel", "x") == -EEXIST);
    CHECK(getattr(12, &mode, &size) == 0 && qpath == root_ino);
    /* a hard link to a symlink links the symlink itself */
    CHECK(WALK(0, 13, "abs_secret", ) == 1 && link_(0, 13, "hl") == 0);
    CHECK(ino(at("hl"), 0) == ino(at("abs_secret"), 0));
    CHECK(unlink(at("hl")) == 0);
    CHECK(clunk(12) == 0 && clunk(13) == 0);
    OUTSIDE_INTACT();
}

static void test_races(void)
{
    char buf[512], moved[512];
    uint32_t mode;
    uint64_t size;
    CHECK(mkdir(at("mv"), 0755) == 0);
    file(at("mv/in"), "data");
    CHECK(WALK(0, 20, "mv", ) == 1 && WALK(0, 21, "mv", "in", ) == 2);
    /* a rename by the guest re-points the fids inside */
    CHECK(rename_(0, "mv", 0, "mv2") == 0);
    CHECK(lopen(21, O_RDONLY) == 0 && rd(21, 0, 100, buf) == 4 &&
          !strcmp(buf, "data"));
    CHECK(clunk(21) == 0 && WALK(20, 21, "in", ) == 1);
    /* the host moves the directory out: the fid names nothing now */
    snprintf(moved, sizeof(moved), "%s/mv2", outside);
    CHECK(rename(at("mv2"), moved) == 0);
    CHECK(lopen(21, O_RDONLY) == -ENOENT && WALK(20, 22, "in", ) == -ENOENT);
    /* and a symlink to it takes its place: refused, never followed */
    CHECK(symlink(moved, at("mv2")) == 0);
    CHECK(lopen(21, O_RDONLY) == -ELOOP && WALK(20, 22, "in", ) == -ELOOP);
    CHECK(getattr(21, &mode, &size) == -ELOOP);
    CHECK(lcreate(20, "x", O_RDWR) < 0 && mkdir_(20, "x") < 0);
    CHECK(access(at("../outside/mv2/x"), F_OK) < 0);
    CHECK(WALK(20, 22, "..", ) == 1 && qpath == root_ino && clunk(22) == 0);
    CHECK(unlink(at("mv2")) == 0 && unlink(at("../outside/mv2/in")) == 0 &&
          rmdir(moved) == 0);
    /* a directory swapped for a symlink between walk and lopen */
    CHECK(mkdir(at("swap"), 0755) == 0 && WALK(0, 23, "swap", ) == 1);
    CHECK(rmdir(at("swap")) == 0 && symlink(outside, at("swap")) == 0);
    CHECK(lopen(23, O_RDONLY) == -ELOOP && WALK(23, 24, "secret", ) == -ELOOP);
    CHECK(lcreate(23, "planted", O_RDWR) < 0);
    CHECK(unlinkat_(23, "secret", 0) < 0);
    CHECK(unlink(at("swap")) == 0);
    CHECK(clunk(20) == 0 && clunk(21) == 0 && clunk(23) == 0);
    OUTSIDE_INTACT();
}

static void test_rw(void)
{
    char buf[512];
    uint32_t mode;
    uint64_t size;
    struct stat st;
    CHECK(WALK(0, 30, ) == 0 && lcreate(30, "new.txt", O_RDWR) == 0);
    CHECK(qpath == ino(at("new.txt"), 0));
    CHECK(wr(30, 0, "abcdef") == 6 && rd(30, 0, 100, buf) == 6 &&
          !strcmp(buf, "abcdef"));
    CHECK(rd(30, 100, 10, buf) == 0);
    CHECK(getattr(30, &mode, &size) == 0 && size == 6 && S_ISREG(mode));
    CHECK(setattr(30, 8, 0, 2) == 0 && getattr(30, &mode, &size) == 0 &&
          size == 2);
    CHECK(setattr(30, 1, 0600, 0) == 0 && stat(at("new.txt"), &st) == 0 &&
          (st.st_mode & 07777) == 0600);
    CHECK(setattr(30, 1, 06755, 0) == 0 && stat(at("new.txt"), &st) == 0 &&
          (st.st_mode & 07777) == 0755); /* no set-ID bits from the guest */
    CHECK(setattr(30, 1, 0600, 0) == 0);
    CHECK(setattr(30, 0x1b0, 0, 0) == 0 && stat(at("new.txt"), &st) == 0 &&
          st.st_atime == 1000 && st.st_mtime == 2000);
    t(50), put(30, 4), put(1, 4);
    CHECK(go() == 0);
    CHECK(clunk(30) == 0 && lcreate(0, "..", O_RDWR) == -EINVAL);
    CHECK(WALK(0, 30, ) == 0 && lcreate(30, "a/b", O_RDWR) == -EINVAL);
    CHECK(mkdir_(0, "d") == 0 && qtype == 0x80 && mkdir_(0, ".") == -EINVAL);
    CHECK(symlink_(0, "s", "target/x") == 0 && qtype == 0x02);
    CHECK(WALK(0, 31, "s", ) == 1 && readlink_(31, buf) == 0 &&
          !strcmp(buf, "target/x"));
    CHECK(mknod_(0, "fifo", S_IFIFO | 0644) == 0);
    CHECK(mknod_(0, "dev", S_IFCHR | 0644) == -EPERM);
    CHECK(mknod_(0, "blk", S_IFBLK | 0644) == -EPERM);
    if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        CHECK(WALK(0, 35, "null", ) == 1 && lopen(35, O_RDWR) == -EPERM);
        CHECK(clunk(35) == 0 && unlink(at("null")) == 0);
    }
    CHECK(WALK(0, 33, "fifo", ) == 1 && lopen(33, O_RDONLY) == 0);
    CHECK(WALK(0, 32, "new.txt", ) == 1 && link_(0, 32, "hard") == 0);
    CHECK(stat(at("hard"), &st) == 0 && st.st_nlink == 2);
    CHECK(rename_(0, "hard", 31, "x") == -ENOTDIR);
    CHECK(rename_(0, "hard", 0, "hard2") == 0);
    CHECK(unlinkat_(0, "hard2", 0) == 0 && unlinkat_(0, "d", 0x200) == 0);
    CHECK(unlinkat_(0, "..", 0x200) == -EINVAL);
    CHECK(simple(122, 32) == 0 && clunk(32) == -EBADF);
    CHECK(access(at("new.txt"), F_OK) < 0);
    CHECK(WALK(0, 34, ) == 0 && simple(122, 34) == -EBUSY);
    CHECK(simple(8, 0) == 0); /* statfs */
    CHECK(simple(122, 31) == 0 && simple(122, 33) == 0 && clunk(30) == 0);
    CHECK(access(at("s"), F_OK) < 0 && access(at("fifo"), F_OK) < 0);
}

static void test_readdir(void)
{
    char all[4096] = "/", paged[4096] = "/";
    uint64_t off = 0;
    int n, m = 0, k;
    CHECK(WALK(0, 40, ) == 0 && lopen(40, O_RDONLY | O_DIRECTORY) == 0);
    n = readdir_(40, &off, 8192, all);
    CHECK(n == 12 && strstr(all, "/hello/") && strstr(all, "/sub/") &&
          strstr(all, "/abs_secret/") && strstr(all, "/../"));
    off = 0;
    while ((k = readdir_(40, &off, 60, paged)) > 0)
        m += k;
    CHECK(k == 0 && m == n && strlen(paged) == strlen(all));
    CHECK(WALK(0, 41, "hello", ) == 1 && lopen(41, O_RDONLY) == 0);
    off = 0;
    CHECK(readdir_(41, &off, 100, all) == -ENOTDIR);
    CHECK(WALK(0, 42, "sub", ) == 1 && readdir_(42, &off, 100, all) == -EBADF);
    for (uint32_t f = 40; f <= 42; f++)
        CHECK(clunk(f) == 0);
}

static void test_readonly(void)
{
    static char before[65536], after[65536];
    struct p9_server *rw = srv;
    char buf[64];
    snapshot(root, before, sizeof(before));
    CHECK(p9_server_open(&srv, root, 1) == 0);
    CHECK(attach(0) == 0 && WALK(0, 1, "hello", ) == 1);
    CHECK(WALK(0, 2, "sub", ) == 1);
    CHECK(lopen(1, O_WRONLY) == -EROFS && lopen(1, O_RDWR) == -EROFS);
    CHECK(lopen(1, O_RDONLY | O_TRUNC) == -EROFS);
    CHECK(lopen(1, O_RDONLY | O_CREAT) == -EROFS);
    CHECK(lopen(1, O_RDONLY) == 0 && rd(1, 0, 5, buf) == 5);
    CHECK(wr(1, 0, "x") == -EROFS);
    CHECK(lcreate(2, "n", O_RDWR) == -EROFS);
    CHECK(setattr(1, 1, 0777, 0) == -EROFS && setattr(1, 8, 0, 0) == -EROFS);
    CHECK(mkdir_(0, "n") == -EROFS && symlink_(0, "n", "x") == -EROFS);
    CHECK(mknod_(0, "n", S_IFIFO | 0644) == -EROFS);
    CHECK(link_(0, 1, "n") == -EROFS);
    CHECK(rename_(0, "hello", 0, "n") == -EROFS);
    CHECK(unlinkat_(0, "hello", 0) == -EROFS);
    CHECK(simple(122, 2) == -EROFS && clunk(2) == -EBADF);
    CHECK(simple(8, 0) == 0);
    snapshot(root, after, sizeof(after));
    CHECK(!strcmp(before, after));
    p9_server_close(srv);
    srv = rw;
}

static void test_bad(void)
{
    uint32_t mode;
    uint64_t size;
    char buf[64];
    CHECK(getattr(999, &mode, &size) == -EBADF && clunk(999) == -EBADF);
    CHECK(WALK(999, 1000, ) == -EBADF && lopen(999, 0) == -EBADF);
    CHECK(rd(0, 0, 10, buf) == -EBADF && wr(0, 0, "x") == -EBADF);
    CHECK(mkdir_(999, "x") == -EBADF && link_(0, 999, "x") == -EBADF);
    t(24), put(0, 4); /* no request_mask */
    CHECK(go() == -EINVAL);
    t(120), put(0, 4), rn = 0, put(100, 4); /* size beyond the bytes */
    CHECK(go_raw(11) == -EINVAL);
    t(120), rn = 0, put(5, 4); /* size below a header */
    CHECK(go_raw(7) == -EINVAL);
    CHECK(p9_serve(srv, req, 3, rep, sizeof(rep)) == 11 && rep[4] == 7 &&
          rep[5] == 0xff && rep[6] == 0xff);
    CHECK(p9_serve(srv, req, 7, rep, 10) == 0);
    t(110), put(0, 4), put(1, 4), put(17, 2);
    CHECK(go() == -EINVAL);
    t(110), put(0, 4), put(1, 4), put(1, 2), put(50, 2), put('a', 1);
    CHECK(go() == -EINVAL);
    t(110), put(0, 4), put(1, 4), put(1, 2), put(3, 2);
    put('a', 1), put(0, 1), put('b', 1);
    CHECK(go() == -EINVAL);
    memset(buf, 'a', sizeof(buf));
    t(110), put(0, 4), put(1, 4), put(1, 2), put(300, 2);
    for (int i = 0; i < 300; i++)
        put('a', 1);
    CHECK(go() == -EINVAL && clunk(1) == -EBADF);
    t(72), put(0, 4), put(0, 2), put(0755, 4), put(0, 4); /* empty name */
    CHECK(go() == -EINVAL);
    CHECK(simple(200, 0) == -EOPNOTSUPP && simple(101, 0) == -EOPNOTSUPP);
    CHECK(simple(30, 0) == -EOPNOTSUPP && simple(6, 0) == -EOPNOTSUPP);
    uint32_t nf = 0; /* the fid table is bounded */
    while (nf < P9_MAX_FIDS + 10 && WALK(0, 100000 + nf, ) == 0)
        nf++;
    CHECK(nf < P9_MAX_FIDS && WALK(0, 100000 + nf, ) == -EMFILE);
    while (nf--)
        CHECK(clunk(100000 + nf) == 0);
    t(108), put(7, 2);
    CHECK(go() == 0); /* Tflush */
}

/* Random messages on a read-only server: replies stay well-formed. */
static void test_garbage(void)
{
    static const uint8_t types[] = {8,   12,  14,  16,  18,  22,  24, 26,
                                    30,  40,  50,  70,  72,  74,  76, 100,
                                    104, 108, 110, 116, 118, 120, 122};
    struct p9_server *rw = srv;
    CHECK(p9_server_open(&srv, root, 1) == 0);
    CHECK(attach(0) == 0);
    srand(1);
    for (int i = 0; i < 20000; i++) {
        size_t len = 7 + (size_t)rand() % 64;
        for (size_t k = 0; k < len; k++)
            req[k] = (uint8_t)rand();
        req[4] = types[rand() % sizeof(types)];
        if (rand() % 4) {
            rn = 0;
            put(len, 4);
        }
        if (req[4] != 100 && rand() % 2)
            memset(req + 7, 0, 4); /* fid 0 */
        size_t cap = rand() % 2 ? sizeof(rep) : 11 + (size_t)rand() % 64;
        size_t n = p9_serve(srv, req, len, rep, cap);
        rp = 0;
        CHECK(n >= 7 && n <= cap && g(4) == n && (rep[4] & 1));
    }
    p9_server_close(srv);
    srv = rw;
}

static void run_cases(void)
{
    test_version();
    test_walk();
    test_symlinks();
    test_races();
    test_rw();
    test_readdir();
    test_readonly();
    test_bad();
    test_garbage();
}

static void replay(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    static uint8_t buf[1 << 16];
    char p[1024];
    int n = 0;
    while (d && (e = readdir(d))) {
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        int fd = open(p, O_RDONLY);
        ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
        close(fd);
        if (len > 0 && e->d_name[0] != '.') {
            LLVMFuzzerTestOneInput(buf, (size_t)len);
            n++;
        }
    }
    if (d)
        closedir(d);
    CHECK(n > 0);
}

int main(int argc, char **argv)
{
    make_tree();
    CHECK(p9_server_open(&srv, root, 0) == 0);
    run_cases();
    p9_server_close(srv);
    test_vq(root);
    if (argc > 1)
        replay(argv[1]);
    nftw(tmp, rm_one, 16, FTW_PHYS | FTW_DEPTH);
    if (failures) {
        fprintf(stderr, "test_p9: %d failures\n", failures);
        return 1;
    }
    printf("test_p9: ok\n");
    return 0;
}
