/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 4: waiting for descriptors.  poll, ppoll,
 * select and pselect6 share one loop: look at every descriptor, and if
 * none is ready, sleep until something may have changed (vfs_poll_wake),
 * the timeout or a signal.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/signal.h"
#include "kernel/time.h"

#define LX_POLLRDBAND 0x080
#define LX_POLLWRBAND 0x200
#define POLL_DEFAULT (LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM)
#define POLLIN_SET                                                             \
    (LX_POLLRDNORM | LX_POLLRDBAND | LX_POLLIN | LX_POLLHUP | LX_POLLERR)
#define POLLOUT_SET (LX_POLLWRBAND | LX_POLLWRNORM | LX_POLLOUT | LX_POLLERR)
#define NO_DEADLINE UINT64_MAX

/* Fill every revents once: the number of entries with one. */
static long scan(struct linux_pollfd *p, size_t n)
{
    long ready = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned m = 0;
        if (p[i].fd >= 0) {
            struct file *f = fd_get(p[i].fd);
            if (!f || (f->flags & LX_O_PATH)) {
                m = LX_POLLNVAL;
            } else {
                unsigned want = (uint16_t)p[i].events;
                m = f->ops->poll ? f->ops->poll(f) : POLL_DEFAULT;
                m &= want | LX_POLLERR | LX_POLLHUP;
            }
        }
        p[i].revents = (int16_t)m;
        ready += m != 0;
    }
    return ready;
}

static long do_poll(struct linux_pollfd *p, size_t n, uint64_t deadline)
{
    for (;;) {
        long ready = scan(p, n);
        if (ready)
            return ready;
        if (time_monotonic_ns() >= deadline)
            return 0;
        int err = vfs_poll_sleep(deadline);
        if (err == -ERESTARTSYS)
            return -ERESTARTNOHAND; /* restarted, unless a handler runs */
    }
}

static uint64_t deadline_after(uint64_t sec, uint64_t nsec)
{
    uint64_t now = time_monotonic_ns();
    if (sec > (NO_DEADLINE - now) / 1000000000 / 2)
        return NO_DEADLINE - 1; /* far enough */
    return now + sec * 1000000000 + nsec;
}

static uint64_t remaining(uint64_t deadline)
{
    uint64_t now = time_monotonic_ns();
    return deadline > now ? deadline - now : 0;
}

static long poll_user(struct linux_pollfd *ufds, unsigned nfds,
                      uint64_t deadline)
{
    if (nfds > fd_get_limit())
        return -EINVAL;
    size_t bytes = (size_t)nfds * sizeof(struct linux_pollfd);
    struct linux_pollfd *p = kmalloc(bytes + 1);
    if (!p)
        return -ENOMEM;
    long r = bytes ? copy_from_user(p, ufds, bytes) : 0;
    if (r == 0)
        r = do_poll(p, nfds, deadline);
    if (r >= 0 && bytes && copy_to_user(ufds, p, bytes) < 0)
        r = -EFAULT;
    kfree(p);
    return r;
}

long sys_poll(struct linux_pollfd *fds, unsigned nfds, int timeout_ms)
{
    uint64_t deadline = NO_DEADLINE;
    if (timeout_ms >= 0)
        deadline = deadline_after((uint64_t)timeout_ms / 1000,
                                  (uint64_t)timeout_ms % 1000 * 1000000);
    return poll_user(fds, nfds, deadline);
}

/* Read a timespec timeout: its deadline, or -EINVAL/-EFAULT. */
static long get_deadline(const struct linux_timespec *uts, uint64_t *out)
{
    struct linux_timespec ts;
    *out = NO_DEADLINE;
    if (!uts)
        return 0;
    if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    *out = deadline_after((uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec);
    return 0;
}

static void put_remaining(struct linux_timespec *uts, uint64_t deadline)
{
    uint64_t left = remaining(deadline);
    struct linux_timespec ts = {(int64_t)(left / 1000000000),
                                (int64_t)(left % 1000000000)};
    if (uts)
        copy_to_user(uts, &ts, sizeof(ts)); /* errors ignored, as Linux */
}

/* The signal mask of ppoll and pselect6 holds while they wait; the old one
 * comes back when they return, or after the handler of the signal that
 * interrupted them. */
static long wait_mask(const uint64_t *umask)
{
    uint64_t mask;
    if (!umask)
        return 0;
    if (copy_from_user(&mask, umask, sizeof(mask)) < 0)
        return -EFAULT;
    signal_wait_mask(mask);
    return 0;
}

long sys_ppoll(struct linux_pollfd *fds, unsigned nfds,
               struct linux_timespec *tsp, const uint64_t *sigmask,
               size_t sigsetsize)
{
    uint64_t deadline;
    if (sigmask && sigsetsize != 8)
        return -EINVAL;
    long r = get_deadline(tsp, &deadline);
    if (r < 0 || (r = wait_mask(sigmask)) < 0)
        return r;
    r = poll_user(fds, nfds, deadline);
    if (sigmask)
        signal_wait_mask_end(r == -ERESTARTNOHAND);
    if (tsp && r >= 0)
        put_remaining(tsp, deadline);
    return r;
}

/* select: fd_set bitmaps turned into a pollfd array and back. */
static long do_select(int nfds, uint64_t *usets[3], uint64_t deadline)
{
    if (nfds < 0)
        return -EINVAL;
    nfds = (int)MIN((unsigned)nfds, fd_get_limit());
    size_t words = ALIGN_UP((size_t)nfds, 64) / 64, n = 0;
    uint64_t *sets = kzalloc(3 * words * sizeof(uint64_t) + 1);
    struct linux_pollfd *p = kmalloc((size_t)nfds * sizeof(*p) + 1);
    long r = sets && p ? 0 : -ENOMEM;
    for (int s = 0; s < 3 && r == 0; s++)
        if (usets[s] && copy_from_user(sets + s * words, usets[s],
                                       words * sizeof(uint64_t)) < 0)
            r = -EFAULT;
    for (int fd = 0; fd < nfds && r == 0; fd++) {
        int16_t ev = 0;
        for (int s = 0; s < 3; s++)
            if (sets[s * words + fd / 64] >> (fd % 64) & 1)
                ev |= s == 0 ? POLLIN_SET : s == 1 ? POLLOUT_SET : LX_POLLPRI;
        if (!ev)
            continue;
        if (!fd_get(fd))
            r = -EBADF;
        p[n++] = (struct linux_pollfd){fd, ev, 0};
    }
    if (r == 0)
        r = do_poll(p, n, deadline);
    if (r >= 0) {
        memset(sets, 0, 3 * words * sizeof(uint64_t));
        r = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned m = (uint16_t)p[i].revents, fd = (unsigned)p[i].fd;
            unsigned hit[3] = {m & POLLIN_SET, m & POLLOUT_SET, m & LX_POLLPRI};
            for (int s = 0; s < 3; s++) {
                if (!hit[s] || !(p[i].events & (s == 0   ? POLLIN_SET
                                                : s == 1 ? POLLOUT_SET
                                                         : LX_POLLPRI)))
                    continue;
                sets[s * words + fd / 64] |= 1ULL << (fd % 64);
                r++;
            }
        }
        for (int s = 0; s < 3; s++)
            if (usets[s] && copy_to_user(usets[s], sets + s * words,
                                         words * sizeof(uint64_t)) < 0)
                r = -EFAULT;
    }
    kfree(sets);
    kfree(p);
    return r;
}

long sys_select(int nfds, void *rd, void *wr, void *ex,
                struct linux_timeval *utv)
{
    struct linux_timeval tv;
    uint64_t deadline = NO_DEADLINE;
    uint64_t *sets[3] = {rd, wr, ex};
    if (utv) {
        if (copy_from_user(&tv, utv, sizeof(tv)) < 0)
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
            return -EINVAL;
        deadline =
            deadline_after((uint64_t)tv.tv_sec, (uint64_t)tv.tv_usec * 1000);
    }
    long r = do_select(nfds, sets, deadline);
    if (utv && r >= 0) {
        uint64_t left = remaining(deadline);
        tv.tv_sec = (int64_t)(left / 1000000000);
        tv.tv_usec = (int64_t)(left % 1000000000 / 1000);
        copy_to_user(utv, &tv, sizeof(tv));
    }
    return r;
}

long sys_pselect6(int nfds, void *rd, void *wr, void *ex,
                  struct linux_timespec *tsp, const void *usig)
{
    struct {
        uint64_t set;
        uint64_t size;
    } sig;
    uint64_t deadline;
    uint64_t *sets[3] = {rd, wr, ex};
    if (usig) {
        if (copy_from_user(&sig, usig, sizeof(sig)) < 0)
            return -EFAULT;
        if (sig.set && sig.size != 8)
            return -EINVAL;
    }
    long r = get_deadline(tsp, &deadline);
    if (r < 0 || (r = wait_mask(usig ? (const uint64_t *)sig.set : NULL)) < 0)
        return r;
    r = do_select(nfds, sets, deadline);
    if (usig && sig.set)
        signal_wait_mask_end(r == -ERESTARTNOHAND);
    if (tsp && r >= 0)
        put_remaining(tsp, deadline);
    return r;
}
