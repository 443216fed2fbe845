/* SPDX-License-Identifier: MIT */
/*
 * signalfd: reading takes the calling thread's pending signals of the
 * file's mask (its own and the process's), as struct signalfd_siginfo,
 * and sleeps while there are none.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"
#include "kernel/signal.h"
#include "kernel/task.h"

struct signalfd_siginfo {
    uint32_t signo;
    int32_t errno_, code;
    uint32_t pid, uid;
    int32_t fd;
    uint32_t tid, band, overrun, trapno;
    int32_t status, int_;
    uint64_t ptr, utime, stime, addr;
    uint16_t addr_lsb, pad2;
    int32_t syscall;
    uint64_t call_addr;
    uint32_t arch;
    uint8_t pad[28];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "signalfd_siginfo");

static void fill(struct signalfd_siginfo *s, const struct ksiginfo *i)
{
    memset(s, 0, sizeof(*s));
    s->signo = (uint32_t)i->signo;
    s->errno_ = i->errno_;
    s->code = i->code;
    if (i->code == SI_TIMER) {
        s->tid = (uint32_t)i->u.timer.tid;
        s->overrun = (uint32_t)i->u.timer.overrun;
        s->int_ = (int32_t)i->u.timer.value;
        s->ptr = (uint64_t)i->u.timer.value;
    } else if (i->signo == LX_SIGSEGV || i->signo == LX_SIGBUS ||
               i->signo == LX_SIGILL || i->signo == LX_SIGFPE ||
               i->signo == LX_SIGTRAP) {
        s->addr = i->u.fault.addr;
    } else {
        s->pid = (uint32_t)i->u.kill.pid;
        s->uid = i->u.kill.uid;
        s->int_ = (int32_t)i->u.kill.value;
        s->ptr = (uint64_t)i->u.kill.value;
    }
}

static long sfd_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    uint64_t mask = *(uint64_t *)f->priv;
    struct task *t = task_current();
    size_t done = 0;
    (void)pos;
    if (it->left < sizeof(struct signalfd_siginfo))
        return -EINVAL;
    for (;;) {
        struct ksiginfo info;
        struct signalfd_siginfo s;
        while (it->left >= sizeof(s) && signal_take(t, mask, &info)) {
            fill(&s, &info);
            if (vfs_iter_out(it, &s, sizeof(s)) != sizeof(s))
                return done ? (long)done : -EFAULT;
            done += sizeof(s);
        }
        if (done)
            return (long)done;
        if (f->flags & LX_O_NONBLOCK)
            return -EAGAIN;
        int err = vfs_poll_sleep(WAIT_FOREVER);
        if (err == -ERESTARTSYS)
            return err;
    }
}

static unsigned sfd_poll(struct file *f)
{
    uint64_t mask = *(uint64_t *)f->priv;
    return signal_pending_set(task_current()) & mask ? LX_POLLIN | LX_POLLRDNORM
                                                     : 0;
}

static void sfd_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
    .read = sfd_read,
    .poll = sfd_poll,
    .release = sfd_release,
};

long signalfd_create(int fd, const uint64_t *umask, uint64_t size, int flags)
{
    uint64_t mask;
    if (size != sizeof(mask) || (flags & ~(LX_O_CLOEXEC | LX_O_NONBLOCK)))
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)))
        return -EFAULT;
    mask &= ~SIG_UNBLOCKABLE;
    if (fd != -1) {
        struct file *f = fd_get(fd);
        if (!f)
            return -EBADF;
        if (f->ops != &signalfd_fops)
            return -EINVAL;
        *(uint64_t *)f->priv = mask;
        vfs_poll_wake(f->inode);
        return fd;
    }
    uint64_t *m = kmalloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    *m = mask;
    int nfd = vfs_anon_fd("[signalfd]", &signalfd_fops, m, flags);
    if (nfd < 0)
        kfree(m);
    return nfd;
}
