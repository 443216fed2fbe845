/* SPDX-License-Identifier: MIT */
/*
 * The program's file descriptor table: an array of open files that grows
 * on demand, with the close-on-exec flag per fd.  New fds are the lowest
 * free number, as POSIX requires.
 */
#include "kernel/fs/file.h"

#define FD_HARD_MAX 65536u

static struct file **files;
static uint8_t *cloexec;
static unsigned cap;
static unsigned limit = 1024;

static int grow(unsigned need)
{
    if (need <= cap)
        return 0;
    unsigned n = MAX(need, MAX(cap * 2, 64u));
    n = MIN(n, FD_HARD_MAX);
    struct file **nf = krealloc(files, n * sizeof(*nf));
    if (!nf)
        return -ENOMEM;
    files = nf;
    uint8_t *nc = krealloc(cloexec, n);
    if (!nc)
        return -ENOMEM;
    cloexec = nc;
    memset(files + cap, 0, (n - cap) * sizeof(*files));
    memset(cloexec + cap, 0, n - cap);
    cap = n;
    return 0;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || (unsigned)fd >= cap)
        return NULL;
    return files[fd];
}

int fd_alloc(struct file *f, int minfd, int flags)
{
    if (minfd < 0)
        return -EINVAL;
    for (unsigned fd = (unsigned)minfd; fd < limit; fd++) {
        if (fd < cap && files[fd])
            continue;
        if (grow(fd + 1) < 0)
            return -ENOMEM;
        files[fd] = f;
        cloexec[fd] = (flags & LX_O_CLOEXEC) != 0;
        return (int)fd;
    }
    return -EMFILE;
}

int fd_can_alloc(void)
{
    for (unsigned fd = 0; fd < limit; fd++)
        if (fd >= cap || !files[fd])
            return 0;
    return -EMFILE;
}

int fd_install_at(int fd, struct file *f, int flags)
{
    if (fd < 0 || (unsigned)fd >= limit)
        return -EBADF;
    if (grow((unsigned)fd + 1) < 0)
        return -ENOMEM;
    struct file *old = files[fd];
    files[fd] = f;
    cloexec[fd] = (flags & LX_O_CLOEXEC) != 0;
    if (old)
        file_put(old);
    return fd;
}

int fd_close(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    files[fd] = NULL;
    cloexec[fd] = 0;
    file_put(f);
    return 0;
}

int fd_get_cloexec(int fd)
{
    if (!fd_get(fd))
        return -EBADF;
    return cloexec[fd];
}

int fd_set_cloexec(int fd, bool on)
{
    if (!fd_get(fd))
        return -EBADF;
    cloexec[fd] = on;
    return 0;
}

void fd_close_on_exec(void)
{
    for (unsigned fd = 0; fd < cap; fd++)
        if (files[fd] && cloexec[fd])
            fd_close((int)fd);
}

void fd_close_all(void)
{
    for (unsigned fd = 0; fd < cap; fd++)
        if (files[fd])
            fd_close((int)fd);
    kfree(files);
    kfree(cloexec);
    files = NULL;
    cloexec = NULL;
    cap = 0;
}

unsigned fd_get_limit(void)
{
    return limit;
}

int fd_set_limit(unsigned n)
{
    if (n > FD_HARD_MAX)
        return -EPERM;
    limit = n;
    return 0;
}

int fd_init_stdio(void)
{
    for (int i = 0; i < 3; i++) {
        long err;
        struct file *f = devfs_open_console(i, &err);
        if (!f)
            return (int)err;
        int r = fd_install_at(i, f, 0);
        if (r < 0) {
            file_put(f);
            return r;
        }
    }
    return 0;
}
