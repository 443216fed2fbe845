// SPDX-License-Identifier: MIT
/* The boot archive: args block, then cpio (newc).  File data that the
 * kernel may map in place is page aligned with padding entries, which keep
 * the archive a valid cpio. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include/abi.h"
#include "tools/run/run.h"

#define PAGE 4096
#define PAD_NAME ".uk-pad"
#define ALIGN_MIN (16 * 1024) /* smaller --fs files are not worth a page */

static int grow(struct archive *a, size_t n)
{
    if (a->len + n <= a->cap)
        return 0;
    size_t cap = a->cap ? a->cap : 64 << 10;
    while (cap < a->len + n)
        cap *= 2;
    uint8_t *b = realloc(a->buf, cap);
    if (!b) {
        fprintf(stderr, "run: out of memory building the boot archive\n");
        return -1;
    }
    a->buf = b;
    a->cap = cap;
    return 0;
}

static int put(struct archive *a, const void *p, size_t n)
{
    if (grow(a, n))
        return -1;
    memcpy(a->buf + a->len, p, n);
    a->len += n;
    return 0;
}

static int pad(struct archive *a, size_t to)
{
    size_t n = (to - a->len % to) % to;
    if (grow(a, n))
        return -1;
    memset(a->buf + a->len, 0, n);
    a->len += n;
    return 0;
}

int archive_args(struct archive *a, const char *guest_path, int argc,
                 char *const *argv, int envc, char *const *envp,
                 int nmounts, const struct run_mount *mounts)
{
    struct uk_args h = {.magic = UK_ARGS_MAGIC, .argc = (uint32_t)argc,
                        .envc = (uint32_t)envc, .nmounts = (uint32_t)nmounts};
    int n = 1 + argc + envc + nmounts;
    const char **v = malloc(n * sizeof(char *));
    if (!v || put(a, &h, sizeof(h)))
        return -1;
    v[0] = guest_path;
    memcpy(v + 1, argv, argc * sizeof(char *));
    memcpy(v + 1 + argc, envp, envc * sizeof(char *));
    for (int i = 0; i < nmounts; i++)
        v[1 + argc + envc + i] = mounts[i].guest;
    for (int i = 0; i < n; i++) {
        uint64_t len = strlen(v[i]);
        if (put(a, &len, sizeof(len)))
            return -1;
    }
    for (int i = 0; i < n; i++)
        if (put(a, v[i], strlen(v[i]) + 1))
            return -1;
    free(v);
    if (pad(a, PAGE))
        return -1;
    ((struct uk_args *)a->buf)->size = a->len;
    return 0;
}

static size_t args_size(const struct archive *a)
{
    return ((const struct uk_args *)a->buf)->size;
}

static int header(struct archive *a, const char *name, uint32_t mode,
                  uint64_t size, uint64_t mtime)
{
    char h[111];
    size_t nlen = strlen(name) + 1;
    snprintf(h, sizeof(h),
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             ++a->ino, mode, 0, 0, (mode & 0170000) == 040000 ? 2 : 1,
             (uint32_t)mtime, (uint32_t)size, 0, 0, 0, 0, (uint32_t)nlen, 0);
    if (put(a, h, 110) || put(a, name, nlen) || pad(a, 4))
        return -1;
    return 0;
}

/* Make the data of the next entry, named name, start on a page. */
static int align_next(struct archive *a, const char *name)
{
    size_t hdr = (110 + strlen(name) + 1 + 3) & ~3UL;
    size_t pad_hdr = (110 + sizeof(PAD_NAME) + 3) & ~3UL;
    size_t off = a->len - args_size(a);
    if ((off + hdr) % PAGE == 0)
        return 0;
    size_t n = (PAGE - (off + pad_hdr + hdr) % PAGE) % PAGE;
    if (header(a, PAD_NAME, 0100000, n, 0) || grow(a, n))
        return -1;
    memset(a->buf + a->len, 0, n);
    a->len += n;
    return 0;
}

static int add_data(struct archive *a, const char *name, const struct stat *st,
                    int fd, int align)
{
    if (align && align_next(a, name))
        return -1;
    if (header(a, name, st->st_mode, (uint64_t)st->st_size,
               (uint64_t)st->st_mtime) ||
        grow(a, (size_t)st->st_size))
        return -1;
    for (off_t done = 0; done < st->st_size;) {
        ssize_t n = read(fd, a->buf + a->len + done, st->st_size - done);
        if (n <= 0) {
            fprintf(stderr, "run: cannot read %s: %s\n", name,
                    n ? strerror(errno) : "file shrank");
            return -1;
        }
        done += n;
    }
    a->len += (size_t)st->st_size;
    return pad(a, 4);
}

int archive_add_file(struct archive *a, const char *guest_path,
                     const char *host_path, int align)
{
    struct stat st;
    int fd = open(host_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st)) {
        fprintf(stderr, "run: %s: %s\n", host_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    while (*guest_path == '/')
        guest_path++;
    int r = add_data(a, guest_path, &st, fd, align);
    close(fd);
    return r;
}

static int add_symlink(struct archive *a, const char *guest,
                       const char *target, uint64_t mtime)
{
    size_t n = strlen(target);
    if (header(a, guest, 0120777, n, mtime) || put(a, target, n))
        return -1;
    return pad(a, 4);
}

int archive_add_symlink(struct archive *a, const char *guest_path,
                        const char *target)
{
    while (*guest_path == '/')
        guest_path++;
    return add_symlink(a, guest_path, target, 0);
}

static int add_tree(struct archive *a, const char *host, const char *guest)
{
    DIR *d = opendir(host);
    if (!d) {
        fprintf(stderr, "run: --fs %s: %s\n", host, strerror(errno));
        return -1;
    }
    struct dirent *e;
    int r = 0;
    while (!r && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char hp[4096], gp[4096];
        struct stat st;
        if (snprintf(hp, sizeof(hp), "%s/%s", host, e->d_name) >= 4096 ||
            snprintf(gp, sizeof(gp), "%s%s%s", guest, *guest ? "/" : "",
                     e->d_name) >= 4096 ||
            lstat(hp, &st)) {
            fprintf(stderr, "run: --fs: cannot read %s\n", hp);
            r = -1;
        } else if (S_ISDIR(st.st_mode)) {
            r = header(a, gp, st.st_mode, 0, (uint64_t)st.st_mtime);
            r = r ? r : add_tree(a, hp, gp);
        } else if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t n = readlink(hp, target, sizeof(target) - 1);
            if (n >= 0)
                target[n] = 0;
            r = n < 0 ? -1 : add_symlink(a, gp, target, (uint64_t)st.st_mtime);
        } else if (S_ISREG(st.st_mode)) {
            int fd = open(hp, O_RDONLY | O_CLOEXEC);
            r = fd < 0 ? -1 : add_data(a, gp, &st, fd, st.st_size >= ALIGN_MIN);
            if (fd >= 0)
                close(fd);
            else
                fprintf(stderr, "run: --fs: %s: %s\n", hp, strerror(errno));
        }
        /* Devices, sockets and fifos are left out. */
    }
    closedir(d);
    return r;
}

int archive_add_tree(struct archive *a, const char *host_dir)
{
    return add_tree(a, host_dir, "");
}

int archive_finish(struct archive *a)
{
    if (header(a, "TRAILER!!!", 0, 0, 0))
        return -1;
    return pad(a, PAGE);
}
