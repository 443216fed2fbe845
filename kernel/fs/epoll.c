/* SPDX-License-Identifier: MIT */
/*
 * epoll.  An epoll file holds a list of entries, one per (descriptor,
 * file) added to it; an entry does not keep its file open, and goes when
 * the file does.  epoll_wait looks at each entry's file now and sleeps on
 * the poll queue until something may have changed.  Level-triggered
 * entries report while their file is ready; edge-triggered ones only
 * when the file's inode has seen an event since they last reported;
 * one-shot ones once until EPOLL_CTL_MOD.  Reported entries move to the
 * end of the list, so that every ready file gets its turn.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/time.h"

#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)
#define ALWAYS (LX_POLLERR | LX_POLLHUP)
#define MAX_DEPTH 4 /* epolls inside epolls, as Linux's EP_MAX_NESTS */
#define BATCH 32

struct epitem {
    struct epitem *next;  /* in its epoll, in report order */
    struct epitem *fnext; /* among the entries watching the same file */
    struct epoll *ep;
    struct file *file;
    int fd;
    uint32_t events;
    uint64_t data;
    uint64_t seen; /* edge-triggered: the inode's events when it reported */
    bool disabled; /* one-shot, and reported */
};

struct epoll {
    struct epitem *head, *tail;
};

/* Whether target is ep's file or can be reached from ep's entries
 * through epolls inside epolls: adding it would make a loop (or a chain
 * deeper than Linux allows). */
static bool reaches(struct epoll *ep, struct file *target, int depth);

struct epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

static unsigned ep_poll(struct file *f);
static void ep_release(struct file *f);
static const struct file_ops epoll_fops = {.poll = ep_poll,
                                           .release = ep_release};

static void ep_append(struct epoll *ep, struct epitem *it)
{
    it->next = NULL;
    if (ep->tail)
        ep->tail->next = it;
    else
        ep->head = it;
    ep->tail = it;
}

static void ep_remove(struct epoll *ep, struct epitem *it)
{
    struct epitem **pp = &ep->head, *prev = NULL;
    while (*pp != it) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = it->next;
    if (ep->tail == it)
        ep->tail = prev;
}

static void file_unlink(struct epitem *it)
{
    struct epitem **pp = &it->file->epitems;
    while (*pp != it)
        pp = &(*pp)->fnext;
    *pp = it->fnext;
}

void epoll_file_gone(struct file *f)
{
    while (f->epitems) {
        struct epitem *it = f->epitems;
        f->epitems = it->fnext;
        ep_remove(it->ep, it);
        kfree(it);
    }
}

static void ep_release(struct file *f)
{
    struct epoll *ep = f->priv;
    while (ep->head) {
        struct epitem *it = ep->head;
        ep->head = it->next;
        file_unlink(it);
        kfree(it);
    }
    kfree(ep);
}

/* What the entry has to report now (consume: it is being reported). */
static unsigned ready(struct epitem *it, bool consume)
{
    static int depth;
    if (it->disabled || depth >= MAX_DEPTH)
        return 0;
    struct file *f = it->file;
    depth++;
    unsigned m = f->ops->poll(f) & (it->events | ALWAYS);
    depth--;
    if (!m)
        return 0;
    if (it->events & EPOLLET) {
        if (f->inode->events == it->seen)
            return 0;
        if (consume)
            it->seen = f->inode->events;
    }
    if (consume && (it->events & EPOLLONESHOT))
        it->disabled = true;
    return m;
}

/* An epoll inside poll, select or another epoll: readable when an entry
 * has something to report. */
static unsigned ep_poll(struct file *f)
{
    struct epoll *ep = f->priv;
    for (struct epitem *it = ep->head; it; it = it->next)
        if (ready(it, false))
            return LX_POLLIN | LX_POLLRDNORM;
    return 0;
}

long epoll_create(int flags)
{
    if (flags & ~LX_O_CLOEXEC)
        return -EINVAL;
    struct epoll *ep = kzalloc(sizeof(*ep));
    if (!ep)
        return -ENOMEM;
    int fd = vfs_anon_fd("[eventpoll]", &epoll_fops, ep, flags);
    if (fd < 0)
        kfree(ep);
    return fd;
}

static bool reaches(struct epoll *ep, struct file *target, int depth)
{
    if (depth > MAX_DEPTH)
        return true;
    for (struct epitem *it = ep->head; it; it = it->next)
        if (it->file == target ||
            (it->file->ops == &epoll_fops &&
             reaches(it->file->priv, target, depth + 1)))
            return true;
    return false;
}

static struct epitem *find(struct epoll *ep, int fd, struct file *f)
{
    for (struct epitem *it = ep->head; it; it = it->next)
        if (it->fd == fd && it->file == f)
            return it;
    return NULL;
}

long epoll_ctl(int epfd, int op, int fd, const void *uev)
{
    struct epoll_event ev = {0};
    if ((op == LX_EPOLL_CTL_ADD || op == LX_EPOLL_CTL_MOD) &&
        copy_from_user(&ev, uev, sizeof(ev)))
        return -EFAULT;
    struct file *f = fd_get(epfd), *tf = fd_get(fd);
    if (!f || !tf)
        return -EBADF;
    uint32_t type = tf->inode->mode & LX_S_IFMT;
    if (!tf->ops->poll || (tf->flags & LX_O_PATH) || type == LX_S_IFREG ||
        type == LX_S_IFDIR)
        return -EPERM; /* regular files and directories cannot wait */
    if (f->ops != &epoll_fops || f == tf)
        return -EINVAL;
    if ((ev.events & EPOLLEXCLUSIVE) &&
        (op != LX_EPOLL_CTL_ADD || tf->ops == &epoll_fops ||
         (ev.events & ~(EPOLLEXCLUSIVE | EPOLLET | EPOLLWAKEUP | LX_POLLIN |
                        LX_POLLOUT | ALWAYS))))
        return -EINVAL;
    struct epoll *ep = f->priv;
    struct epitem *it = find(ep, fd, tf);
    switch (op) {
    case LX_EPOLL_CTL_ADD:
        if (it)
            return -EEXIST;
        if (tf->ops == &epoll_fops && reaches(tf->priv, f, 1))
            return -ELOOP;
        if (!(it = kzalloc(sizeof(*it))))
            return -ENOMEM;
        *it = (struct epitem){.ep = ep, .file = tf, .fd = fd};
        it->fnext = tf->epitems;
        tf->epitems = it;
        ep_append(ep, it);
        break;
    case LX_EPOLL_CTL_MOD:
        if (!it)
            return -ENOENT;
        if (it->events & EPOLLEXCLUSIVE)
            return -EINVAL;
        break;
    case LX_EPOLL_CTL_DEL:
        if (!it)
            return -ENOENT;
        ep_remove(ep, it);
        file_unlink(it);
        kfree(it);
        return 0;
    default:
        return -EINVAL;
    }
    it->events = ev.events | ALWAYS;
    it->data = ev.data;
    it->disabled = false;
    it->seen = ~tf->inode->events; /* reports the state it is in now */
    vfs_poll_wake(NULL); /* a waiter may have something now */
    return 0;
}

/* Collect up to max reports into the user's array: how many, or -EFAULT. */
static long collect(struct epoll *ep, struct epoll_event *uev, int max)
{
    struct epoll_event batch[BATCH];
    struct epoll moved = {0}; /* reported: they go to the end, in order */
    long n = 0;
    int k = 0;
    for (struct epitem *it = ep->head, *next; it && n + k < max; it = next) {
        next = it->next;
        unsigned m = ready(it, true);
        if (!m)
            continue;
        batch[k].events = m;
        batch[k].data = it->data;
        if (++k == BATCH) {
            if (copy_to_user(uev + n, batch, sizeof(batch)))
                return -EFAULT;
            n += k;
            k = 0;
        }
        ep_remove(ep, it);
        ep_append(&moved, it);
    }
    if (moved.head) {
        if (ep->tail)
            ep->tail->next = moved.head;
        else
            ep->head = moved.head;
        ep->tail = moved.tail;
    }
    if (k && copy_to_user(uev + n, batch, (size_t)k * sizeof(batch[0])))
        return -EFAULT;
    return n + k;
}

long epoll_wait(int epfd, void *uev, int max, uint64_t deadline)
{
    if (max <= 0 || (size_t)max > INT32_MAX / sizeof(struct epoll_event))
        return -EINVAL;
    struct file *f = fd_get(epfd);
    if (!f)
        return -EBADF;
    if (f->ops != &epoll_fops)
        return -EINVAL;
    for (;;) {
        long n = collect(f->priv, uev, max);
        if (n)
            return n;
        if (time_monotonic_ns() >= deadline)
            return 0;
        if (vfs_poll_sleep(deadline) == -ERESTARTSYS)
            return -EINTR;
        f = fd_get(epfd); /* it may have been closed while we slept */
        if (!f || f->ops != &epoll_fops)
            return -EBADF;
    }
}
