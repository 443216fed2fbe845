/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the 9P2000.L server (tools/monitor/p9*.c).  An
 * input is one flag byte, then T-messages back to back, each starting
 * with its own size[4].  Flag bit 0: a read-only mount; bit 1: a small
 * reply buffer.  Each input runs on a fresh small tree (with symlinks
 * planted to lead out of it) with fid 0 attached to its root.  Any crash
 * is a bug, and so is a reply that is not a well-formed R-message or any
 * change to the "outside" directory next to the tree.
 * Build and run: make fuzz-p9.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/monitor/p9.h"

static char tmp[] = "/tmp/fuzz_p9.XXXXXX";
static char root[256], outside[256];
static uint8_t reply[P9_MAX_MSIZE];

static int unlock_dir(const char *p, const struct stat *st, int t,
                      struct FTW *f)
{
    (void)f;
    if (t == FTW_D)
        chmod(p, 0700);
    (void)st;
    return 0;
}

static int rm_one(const char *p, const struct stat *st, int t, struct FTW *f)
{
    (void)st, (void)t;
    if (f->level > 0)
        remove(p);
    return 0;
}

static void cleanup(void)
{
    nftw(tmp, unlock_dir, 16, FTW_PHYS);
    nftw(tmp, rm_one, 16, FTW_PHYS | FTW_DEPTH);
    rmdir(tmp);
}

static void put_file(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && write(fd, text, strlen(text)) < 0)
        abort();
    close(fd);
}

static void link_in(const char *target, const char *name)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", root, name);
    if (symlink(target, p) < 0)
        abort();
}

/* A fresh tree: root/{hello, sub/inner, links out}, outside/secret. */
static void build_tree(void)
{
    char p[512];
    if (!root[0]) {
        if (!mkdtemp(tmp))
            abort();
        atexit(cleanup);
        snprintf(root, sizeof(root), "%s/root", tmp);
        snprintf(outside, sizeof(outside), "%s/outside", tmp);
        mkdir(outside, 0755);
        put_file(outside, "secret", "SECRET");
    }
    nftw(root, unlock_dir, 16, FTW_PHYS);
    nftw(root, rm_one, 16, FTW_PHYS | FTW_DEPTH);
    mkdir(root, 0755);
    put_file(root, "hello", "hello world\n");
    snprintf(p, sizeof(p), "%s/sub", root);
    mkdir(p, 0755);
    put_file(p, "inner", "inner");
    snprintf(p, sizeof(p), "%s/secret", outside);
    link_in(p, "abs");
    link_in("../outside/secret", "rel");
    link_in("../outside", "dir");
    link_in(outside, "absdir");
    link_in("loop", "loop");
    snprintf(p, sizeof(p), "%s/new", outside);
    link_in(p, "dangling");
}

/* The outside directory holds exactly secret, unchanged. */
static void check_outside(void)
{
    char p[512], buf[16];
    struct stat st;
    snprintf(p, sizeof(p), "%s/secret", outside);
    int fd = open(p, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
    close(fd);
    if (n != 6 || memcmp(buf, "SECRET", 6) || stat(p, &st) < 0 ||
        (st.st_mode & 07777) != 0644 || stat(outside, &st) < 0 ||
        st.st_nlink != 2 || (st.st_mode & 07777) != 0755)
        __builtin_trap();
    snprintf(p, sizeof(p), "%s/new", outside);
    if (lstat(p, &st) == 0)
        __builtin_trap();
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void serve(struct p9_server *s, const uint8_t *req, size_t len,
                  size_t cap)
{
    size_t n = p9_serve(s, req, len, reply, cap);
    if (n > cap || (n && (n < 7 || le32(reply) != n || !(reply[4] & 1))))
        __builtin_trap();
    if (n && len >= 7 && memcmp(reply + 5, req + 5, 2))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t attach[] = {
        27,  0,   0,   0,   104,  1,    0, /* Tattach tag 1 */
        0,   0,   0,   0,   0xff, 0xff, 0xff, 0xff, 4, 0,
        'r', 'o', 'o', 't', 0,    0,    0,    0,    0, 0,
    };
    struct p9_server *s;
    if (size < 1)
        return 0;
    build_tree();
    if (p9_server_open(&s, root, data[0] & 1) < 0)
        abort();
    size_t cap = data[0] & 2 ? 11 + (size_t)(data[0] >> 2) * 16 : sizeof(reply);
    serve(s, attach, sizeof(attach), sizeof(reply));
    for (size_t off = 1; off < size;) {
        size_t len = size - off >= 4 ? le32(data + off) : 0;
        if (len < 4 || len > size - off)
            len = size - off;
        serve(s, data + off, len, cap);
        off += len;
    }
    p9_server_close(s);
    check_outside();
    return 0;
}
