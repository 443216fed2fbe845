/* SPDX-License-Identifier: MIT */
/*
 * A process's file descriptor table: an array of open files that grows
 * on demand, with the close-on-exec flag per fd.  New fds are the lowest
 * free number, as POSIX requires.
 */
#include "kernel/fs/file.h"

#define FD_HARD_MAX 65536u

/* The calling process's table (struct fdtable, kernel/fs/file.h). */
#define T (&vfs_proc()->fds)

static int grow(unsigned need)
{
    if (need <= T->cap)
        return 0;
    unsigned n = MAX(need, MAX(T->cap * 2, 64u));
    n = MIN(n, FD_HARD_MAX);
    struct file **nf = krealloc(T->files, n * sizeof(*nf));
    if (!nf)
        return -ENOMEM;
    T->files = nf;
    uint8_t *nc = krealloc(T->cloexec, n);
    if (!nc)
        return -ENOMEM;
    T->cloexec = nc;
    memset(T->files + T->cap, 0, (n - T->cap) * sizeof(*T->files));
    memset(T->cloexec + T->cap, 0, n - T->cap);
    T->cap = n;
    return 0;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || (unsigned)fd >= T->cap)
        return NULL;
    return T->files[fd];
}

int fd_alloc(struct file *f, int minfd, int flags)
{
    if (minfd < 0)
        return -EINVAL;
    for (unsigned fd = (unsigned)minfd; fd < T->limit; fd++) {
        if (fd < T->cap && T->files[fd])
            continue;
        if (grow(fd + 1) < 0)
            return -ENOMEM;
        T->files[fd] = f;
        T->cloexec[fd] = (flags & LX_O_CLOEXEC) != 0;
        return (int)fd;
    }
    return -EMFILE;
}

int fd_can_alloc(void)
{
    for (unsigned fd = 0; fd < T->limit; fd++)
        if (fd >= T->cap || !T->files[fd])
            return 0;
    return -EMFILE;
}

int fd_install_at(int fd, struct file *f, int flags)
{
    if (fd < 0 || (unsigned)fd >= T->limit)
        return -EBADF;
    if (grow((unsigned)fd + 1) < 0)
        return -ENOMEM;
    struct file *old = T->files[fd];
    T->files[fd] = f;
    T->cloexec[fd] = (flags & LX_O_CLOEXEC) != 0;
    if (old)
        file_put(old);
    return fd;
}

int fd_close(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    T->files[fd] = NULL;
    T->cloexec[fd] = 0;
    file_put(f);
    return 0;
}

int fd_get_cloexec(int fd)
{
    if (!fd_get(fd))
        return -EBADF;
    return T->cloexec[fd];
}

int fd_set_cloexec(int fd, bool on)
{
    if (!fd_get(fd))
        return -EBADF;
    T->cloexec[fd] = on;
    return 0;
}

void fd_close_on_exec(void)
{
    for (unsigned fd = 0; fd < T->cap; fd++)
        if (T->files[fd] && T->cloexec[fd])
            fd_close((int)fd);
}

void fd_table_free(struct fdtable *t)
{
    for (unsigned fd = 0; fd < t->cap; fd++)
        if (t->files[fd]) {
            struct file *f = t->files[fd];
            t->files[fd] = NULL;
            file_put(f);
        }
    kfree(t->files);
    kfree(t->cloexec);
    t->files = NULL;
    t->cloexec = NULL;
    t->cap = 0;
}

void fd_close_all(void)
{
    fd_table_free(T);
}

unsigned fd_get_limit(void)
{
    return T->limit;
}

int fd_set_limit(unsigned n)
{
    if (n > FD_HARD_MAX)
        return -EPERM;
    T->limit = n;
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

int fd_table_copy(struct fdtable *to, const struct fdtable *from)
{
    unsigned n = from->cap;
    while (n && !from->files[n - 1])
        n--; /* the copy needs no room for closed fds at the top */
    *to = (struct fdtable){.limit = from->limit};
    if (!n)
        return 0;
    to->files = kmalloc(n * sizeof(*to->files));
    to->cloexec = kmalloc(n);
    if (!to->files || !to->cloexec) {
        kfree(to->files);
        kfree(to->cloexec);
        to->files = NULL;
        to->cloexec = NULL;
        return -ENOMEM;
    }
    to->cap = n;
    memcpy(to->files, from->files, n * sizeof(*to->files));
    memcpy(to->cloexec, from->cloexec, n);
    for (unsigned fd = 0; fd < n; fd++)
        if (to->files[fd])
            file_get(to->files[fd]);
    return 0;
}
