/* SPDX-License-Identifier: MIT */
/*
 * timerfd: a timer whose expirations are counted and read as a 64-bit
 * number; a read sleeps until there is at least one.  On CLOCK_REALTIME,
 * MONOTONIC and BOOTTIME (and their _ALARM twins: the program runs as
 * root, and nothing here suspends).
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define NS 1000000000ULL

struct timerfd {
    struct timer t;
    int realtime;
    uint64_t ticks, interval;
    struct wait_queue readers;
    struct inode *inode;
};

static void expired(struct timer *tm)
{
    struct timerfd *tf =
        (struct timerfd *)((char *)tm - offsetof(struct timerfd, t));
    tf->ticks++;
    if (tf->interval) {
        uint64_t now = time_monotonic_ns(), next = tm->deadline + tf->interval;
        if (next <= now) { /* expirations missed while nobody looked */
            uint64_t missed = (now - next) / tf->interval + 1;
            tf->ticks += missed;
            next += missed * tf->interval;
        }
        timer_start(tm, next, expired);
    }
    wait_wake(&tf->readers, -1);
    vfs_poll_wake(tf->inode);
}

static long tfd_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct timerfd *tf = f->priv;
    (void)pos;
    if (it->left < 8)
        return -EINVAL;
    while (!tf->ticks) {
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = wait_sleep(&tf->readers, WAIT_FOREVER, 1);
        if (err)
            return err;
    }
    if (vfs_iter_out(it, &tf->ticks, 8) != 8)
        return -EFAULT;
    tf->ticks = 0;
    return 8;
}

static unsigned tfd_poll(struct file *f)
{
    struct timerfd *tf = f->priv;
    return tf->ticks ? LX_POLLIN | LX_POLLRDNORM : 0;
}

static void tfd_release(struct file *f)
{
    struct timerfd *tf = f->priv;
    timer_stop(&tf->t);
    kfree(tf);
}

static const struct file_ops timerfd_fops = {
    .read = tfd_read,
    .poll = tfd_poll,
    .release = tfd_release,
};

long timerfd_create(int clk, int flags)
{
    if (clk != LX_CLOCK_REALTIME && clk != LX_CLOCK_MONOTONIC &&
        clk != LX_CLOCK_BOOTTIME && clk != 8 && clk != 9) /* _ALARMs */
        return -EINVAL;
    if (flags & ~(LX_O_CLOEXEC | LX_O_NONBLOCK))
        return -EINVAL;
    struct timerfd *tf = kzalloc(sizeof(*tf));
    if (!tf)
        return -ENOMEM;
    tf->realtime = clk == LX_CLOCK_REALTIME || clk == 8;
    int fd = vfs_anon_fd("[timerfd]", &timerfd_fops, tf, flags);
    if (fd < 0)
        kfree(tf);
    else
        tf->inode = fd_get(fd)->inode;
    return fd;
}

static struct timerfd *get(int fd, long *err)
{
    struct file *f = fd_get(fd);
    *err = !f ? -EBADF : f->ops != &timerfd_fops ? -EINVAL : 0;
    return *err ? NULL : f->priv;
}

static struct linux_timespec to_ts(uint64_t ns)
{
    return (struct linux_timespec){(int64_t)(ns / NS), (int64_t)(ns % NS)};
}

static void current(struct timerfd *tf, struct linux_timespec v[2])
{
    uint64_t now = time_monotonic_ns(), left = 0;
    if (tf->t.armed)
        left = tf->t.deadline > now ? tf->t.deadline - now : 1;
    v[0] = to_ts(tf->interval);
    v[1] = to_ts(left);
}

static int ts_ns(const struct linux_timespec *ts, uint64_t *ns)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NS)
        return -EINVAL;
    *ns = (uint64_t)ts->tv_sec > UINT64_MAX / NS / 4
              ? UINT64_MAX / 4
              : (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
    return 0;
}

long timerfd_settime(int fd, int flags, const void *unew, void *uold)
{
    struct linux_timespec n[2], old[2];
    uint64_t interval, value;
    long err;
    struct timerfd *tf = get(fd, &err);
    if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
        return -EINVAL;
    if (!tf)
        return err;
    if (copy_from_user(n, unew, sizeof(n)))
        return -EFAULT;
    if (ts_ns(&n[0], &interval) || ts_ns(&n[1], &value))
        return -EINVAL;
    current(tf, old);
    if (uold && copy_to_user(uold, old, sizeof(old)))
        return -EFAULT;
    timer_stop(&tf->t);
    tf->ticks = 0;
    tf->interval = interval;
    if (!value)
        return 0;
    uint64_t now = time_monotonic_ns(), deadline = now + value;
    if (flags & TFD_TIMER_ABSTIME) {
        uint64_t base = tf->realtime ? time_realtime_ns() : now;
        deadline = value > base ? now + (value - base) : now;
    }
    timer_start(&tf->t, deadline, expired);
    return 0;
}

long timerfd_gettime(int fd, void *ucur)
{
    struct linux_timespec v[2];
    long err;
    struct timerfd *tf = get(fd, &err);
    if (!tf)
        return err;
    current(tf, v);
    return copy_to_user(ucur, v, sizeof(v));
}
