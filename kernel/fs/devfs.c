/* SPDX-License-Identifier: MIT */
/*
 * /dev: null, zero, full, random, urandom, the console (fds 0, 1 and 2),
 * tty, and stdin/stdout/stderr/fd as links into /proc/self/fd like Linux.
 */
#include "kernel/console.h"
#include "kernel/fs/file.h"
#include "kernel/proc.h"
#include "kernel/random.h"

#define CON_BUF 16384u /* most one console read or write moves */
#define CON_CHUNK 512u /* a buffer on the stack, when there is no other */

/* One console inode per stream, so that reopening /proc/self/fd/2 (as
 * /dev/stderr does) still writes to stderr; /dev/console is stream 1. */
static struct inode *console_ino[3];

static long null_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)it, (void)pos;
    return 0;
}

static long sink_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)pos;
    size_t n = it->left;
    it->left = 0;
    return (long)n;
}

static long full_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)pos;
    return it->left ? -ENOSPC : 0;
}

static long null_llseek(struct file *f, int64_t off, int whence)
{
    (void)off, (void)whence;
    f->pos = 0;
    return 0;
}

static long noop_llseek(struct file *f, int64_t off, int whence)
{
    (void)off, (void)whence;
    return (long)f->pos;
}

static long zero_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)pos;
    return vfs_iter_result(it, vfs_iter_zero(it, it->left));
}

static long random_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)pos;
    char buf[CON_CHUNK];
    size_t want = it->left, done = 0;
    while (done < want) {
        size_t n = MIN(want - done, sizeof(buf));
        random_bytes(buf, n);
        size_t got = vfs_iter_out(it, buf, n);
        done += got;
        if (got < n)
            break;
    }
    return vfs_iter_result(it, done);
}

static unsigned always_ready(struct file *f)
{
    (void)f;
    return LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM;
}

static const struct file_ops null_fops = {
    .read = null_read,
    .write = sink_write,
    .llseek = null_llseek,
    .poll = always_ready,
};
static const struct file_ops zero_fops = {
    .read = zero_read,
    .write = sink_write,
    .llseek = noop_llseek,
    .poll = always_ready,
};
static const struct file_ops full_fops = {
    .read = zero_read,
    .write = full_write,
    .llseek = noop_llseek,
    .poll = always_ready,
};
static const struct file_ops random_fops = {
    .read = random_read,
    .write = sink_write,
    .llseek = noop_llseek,
    .poll = always_ready,
};

/* The console.  Reads come from stdin; writes go to the file's stream,
 * stdout for fd 0. */
/* Terminal settings are kept, so a program reads back what it set, and
 * ./run applies those of input and echo to its own terminal (when its
 * stdin is one): the host's line discipline edits and echoes. */
static struct linux_termios termios = {
    .c_iflag = 0x500,  /* ICRNL IXON */
    .c_oflag = 0x5,    /* OPOST ONLCR */
    .c_cflag = 0xbf,   /* B38400 CS8 CREAD */
    .c_lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
    .c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22},
};

static long con_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)pos;
    uint64_t avail;
    int err = console_isatty(f->stream) ? console_job_check(LX_SIGTTIN) : 0;
    if (err)
        return err;
    if (it->left == 0)
        return 0;
    if ((f->flags & LX_O_NONBLOCK) && !console_poll(0, &avail))
        return -EAGAIN;
    /* a large read takes a heap buffer when there is memory, and makes
     * do with the stack when there is not */
    char small[CON_CHUNK];
    size_t n = MIN(it->left, CON_BUF);
    char *buf = n > sizeof(small) ? kmalloc(n) : NULL;
    if (!buf) {
        buf = small;
        n = MIN(n, sizeof(small));
    }
    long r = console_read(buf, n); /* blocks for the first byte */
    if (r > 0)
        r = vfs_iter_result(it, vfs_iter_out(it, buf, (size_t)r));
    if (buf != small)
        kfree(buf);
    return r;
}

/* The console's write buffer, like Linux's tty write_buf: set aside at
 * build time, so stdout and stderr need no memory and keep working when a
 * program has used it all up.  Large, because each console write is a VM
 * exit (on kvm_pvm, 4 MiB in 512-byte steps took 3.9 s, in 16 KiB steps
 * 1.0 s).  One system call runs at a time and con_write never sleeps; if
 * calls ever run in parallel, this needs the console's lock (Linux's
 * atomic_write_lock). */
static char con_wbuf[CON_BUF];

/* All of a write or writev goes out in as few console writes as fit. */
static long con_write(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)pos;
    size_t want = it->left, done = 0;
    long r = (termios.c_lflag & LX_TOSTOP) && console_isatty(f->stream)
                 ? console_job_check(LX_SIGTTOU)
                 : 0;
    if (r)
        return r;
    while (done < want) {
        size_t n = vfs_iter_in(it, con_wbuf, MIN(CON_BUF, want - done));
        if (n == 0)
            break;
        r = console_write(f->stream == 2 ? 2 : 1, con_wbuf, n);
        if (r < 0)
            break;
        done += (size_t)r;
        if ((size_t)r < n)
            break;
    }
    if (done == 0 && r < 0)
        return r;
    return vfs_iter_result(it, done);
}

static unsigned con_poll(struct file *f)
{
    uint64_t avail;
    unsigned m = 0;
    if (FILE_CAN_READ(f) && console_poll(0, &avail))
        m |= LX_POLLIN | LX_POLLRDNORM;
    if (FILE_CAN_WRITE(f))
        m |= LX_POLLOUT | LX_POLLWRNORM;
    return m;
}

static long con_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
    void *u = (void *)(uintptr_t)arg;
    if (cmd == LX_FIONREAD) {
        uint64_t avail = 0;
        console_poll(0, &avail);
        int n = (int)MIN(avail, INT32_MAX);
        return copy_to_user(u, &n, sizeof(n));
    }
    if (!console_isatty(f->stream))
        return -ENOTTY;
    switch (cmd) {
    case LX_TCGETS:
        return copy_to_user(u, &termios, sizeof(termios));
    case LX_TCSETS:
    case LX_TCSETSW:
    case LX_TCSETSF: {
        int err = console_job_check(LX_SIGTTOU);
        if (err || (err = copy_from_user(&termios, u, sizeof(termios))))
            return err;
        console_host_termios(termios.c_iflag, termios.c_oflag,
                             termios.c_lflag, termios.c_cc);
        return 0;
    }
    case LX_TIOCGWINSZ: {
        struct linux_winsize ws = {0, 0, 0, 0};
        console_winsize(&ws.ws_row, &ws.ws_col);
        return copy_to_user(u, &ws, sizeof(ws));
    }
    case LX_TIOCSWINSZ:
        return 0;
    case LX_TIOCGPGRP: {
        int pgrp = console_fg_pgrp();
        return copy_to_user(u, &pgrp, sizeof(pgrp));
    }
    case LX_TIOCSPGRP: { /* a group of the caller's session */
        int pgrp;
        struct proc_info me;
        if (copy_from_user(&pgrp, u, sizeof(pgrp)))
            return -EFAULT;
        if (pgrp < 0)
            return -EINVAL;
        int err = console_job_check(LX_SIGTTOU);
        if (err)
            return err;
        proc_info(0, &me);
        if (!proc_group_in_session(pgrp, me.sid))
            return -EPERM;
        console_set_fg_pgrp(pgrp);
        return 0;
    }
    }
    return -ENOTTY;
}

static int con_open(struct inode *ino, struct file *f)
{
    f->stream = (int)(intptr_t)ino->priv;
    return 0;
}

static const struct file_ops console_fops = {
    .open = con_open,
    .read = con_read,
    .write = con_write,
    .poll = con_poll,
    .ioctl = con_ioctl,
};

/* /dev/tty: the console, if one of the streams is a terminal. */
static int tty_open(struct inode *ino, struct file *f)
{
    (void)ino;
    for (int s = 1; s <= 3; s++) {
        if (console_isatty(s % 3)) {
            f->stream = s % 3;
            return 0;
        }
    }
    return -ENXIO;
}

static const struct file_ops tty_fops = {
    .open = tty_open,
    .read = con_read,
    .write = con_write,
    .poll = con_poll,
    .ioctl = con_ioctl,
};

static int nodev_open(struct inode *ino, struct file *f)
{
    (void)ino, (void)f;
    return -ENXIO;
}

static const struct file_ops nodev_fops = {.open = nodev_open};

const struct file_ops *devfs_fops(uint32_t mode, uint32_t rdev)
{
    static const struct {
        uint32_t rdev;
        const struct file_ops *fops;
    } drivers[] = {
        {VFS_MKDEV(1, 3), &null_fops},    {VFS_MKDEV(1, 5), &zero_fops},
        {VFS_MKDEV(1, 7), &full_fops},    {VFS_MKDEV(1, 8), &random_fops},
        {VFS_MKDEV(1, 9), &random_fops},  {VFS_MKDEV(5, 0), &tty_fops},
        {VFS_MKDEV(5, 1), &console_fops},
    };
    for (size_t i = 0; i < NELEM(drivers); i++)
        if ((mode & LX_S_IFMT) == LX_S_IFCHR && drivers[i].rdev == rdev)
            return drivers[i].fops;
    return &nodev_fops;
}

void devfs_console_input(void)
{
    vfs_poll_wake(console_ino[0]);
}

bool devfs_is_console(struct file *f)
{
    return f->ops == &console_fops || f->ops == &tty_fops;
}

int vfs_is_dev_zero(struct file *f)
{
    return (f->inode->mode & LX_S_IFMT) == LX_S_IFCHR &&
           f->inode->rdev == VFS_MKDEV(1, 5);
}

struct file *devfs_open_console(int stream, long *err)
{
    if (stream < 0 || stream > 2 || !console_ino[stream]) {
        *err = -ENODEV;
        return NULL;
    }
    int acc = stream == 0 ? LX_O_RDONLY : LX_O_WRONLY;
    if (console_isatty(stream))
        acc = LX_O_RDWR;
    return vfs_open_inode(console_ino[stream], acc | LX_O_LARGEFILE, err);
}

static struct inode *add_node(struct inode *dir, const char *name,
                              uint32_t mode, uint32_t rdev,
                              const struct file_ops *fops)
{
    struct inode *ino = ramfs_new_inode(mode, VFS_DEV_DEVFS);
    if (!ino)
        return NULL;
    ino->rdev = rdev;
    if (fops)
        ino->fops = fops;
    if (ramfs_link(dir, name, strlen(name), ino) < 0) {
        vfs_iget(ino); /* frees it */
        vfs_iput(ino);
        return NULL;
    }
    return ino;
}

static int add_link(struct inode *dir, const char *name, const char *target)
{
    struct inode *ino =
        ramfs_new_symlink(target, strlen(target), VFS_DEV_DEVFS);
    if (!ino || ramfs_link(dir, name, strlen(name), ino) < 0) {
        if (ino) {
            vfs_iget(ino);
            vfs_iput(ino);
        }
        return -ENOMEM;
    }
    return 0;
}

int devfs_boot(void)
{
    for (int i = 0; i < 3; i++) {
        struct inode *ino = ramfs_new_inode(LX_S_IFCHR | 0620, VFS_DEV_DEVFS);
        if (!ino)
            return -ENOMEM;
        ino->rdev = VFS_MKDEV(5, 1);
        ino->fops = &console_fops;
        ino->priv = (void *)(intptr_t)i;
        vfs_iget(ino); /* held for fds 0-2, named or not */
        console_ino[i] = ino;
    }
    return 0;
}

int devfs_init(struct inode *dev)
{
    static const struct {
        const char *name;
        uint32_t mode, major, minor;
        const struct file_ops *fops;
    } nodes[] = {
        {"null", 0666, 1, 3, &null_fops},
        {"zero", 0666, 1, 5, &zero_fops},
        {"full", 0666, 1, 7, &full_fops},
        {"random", 0666, 1, 8, &random_fops},
        {"urandom", 0666, 1, 9, &random_fops},
        {"tty", 0666, 5, 0, &tty_fops},
    };
    static const char *const links[][2] = {
        {"stdin", "/proc/self/fd/0"},
        {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"},
        {"fd", "/proc/self/fd"},
    };
    if (!ramfs_lookup(dev, "console", 7) &&
        ramfs_link(dev, "console", 7, console_ino[1]) < 0)
        return -ENOMEM;
    for (size_t i = 0; i < NELEM(nodes); i++) {
        if (ramfs_lookup(dev, nodes[i].name, strlen(nodes[i].name)))
            continue; /* the archive had its own */
        if (!add_node(dev, nodes[i].name, LX_S_IFCHR | nodes[i].mode,
                      VFS_MKDEV(nodes[i].major, nodes[i].minor), nodes[i].fops))
            return -ENOMEM;
    }
    for (size_t i = 0; i < NELEM(links); i++)
        if (!ramfs_lookup(dev, links[i][0], strlen(links[i][0])) &&
            add_link(dev, links[i][0], links[i][1]) < 0)
            return -ENOMEM;
    if (!ramfs_lookup(dev, "shm", 3) &&
        !add_node(dev, "shm", LX_S_IFDIR | 01777, 0, NULL))
        return -ENOMEM;
    return 0;
}

void devfs_fini(void)
{
    for (int i = 0; i < 3; i++) {
        if (console_ino[i])
            vfs_iput(console_ino[i]);
        console_ino[i] = NULL;
    }
}
