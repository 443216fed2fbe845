/* SPDX-License-Identifier: MIT */
/*
 * /proc: cpuinfo, meminfo and uptime as text made when the file is
 * opened, and the one process as /proc/PROC_PID (with /proc/self
 * linking there): exe, cwd, and fd/N, the magic links that lead to the
 * open file itself, and the text files of procfs_pid.c.
 */
#include "kernel/fs/file.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "mm/mm.h"

#define GEN_CAP 8192u

/* Text files: gen fills buf and returns its length. */
typedef size_t (*gen_fn)(char *buf, size_t cap);

struct gen_text {
    size_t len;
    char data[];
};


static int gen_open(struct inode *ino, struct file *f)
{
    struct gen_text *t = kmalloc(sizeof(*t) + GEN_CAP);
    if (!t)
        return -ENOMEM;
    t->len = MIN(((gen_fn)ino->priv)(t->data, GEN_CAP), GEN_CAP - 1);
    f->priv = t;
    return 0;
}

static long gen_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    struct gen_text *t = f->priv;
    if (*pos >= t->len)
        return 0;
    size_t n = vfs_iter_out(it, t->data + *pos, t->len - *pos);
    *pos += n;
    return vfs_iter_result(it, n);
}

static long gen_llseek(struct file *f, int64_t off, int whence)
{
    return vfs_generic_llseek(f, off, whence,
                              ((struct gen_text *)f->priv)->len);
}

static unsigned gen_poll(struct file *f)
{
    (void)f;
    return LX_POLLIN | LX_POLLRDNORM;
}

static void gen_release(struct file *f)
{
    kfree(f->priv);
}

static const struct file_ops gen_fops = {
    .open = gen_open,
    .read = gen_read,
    .llseek = gen_llseek,
    .poll = gen_poll,
    .release = gen_release,
};

static size_t gen_meminfo(char *buf, size_t cap)
{
    static const char *const zero[] = {
        "Buffers:",   "Cached:",   "SwapCached:", "Active:",    "Inactive:",
        "SwapTotal:", "SwapFree:", "Dirty:",      "Writeback:", "Shmem:",
    };
    struct mm_stats st;
    mm_get_stats(&st);
    size_t n = (size_t)snprintf(buf, cap,
                                "MemTotal:       %8lu kB\n"
                                "MemFree:        %8lu kB\n"
                                "MemAvailable:   %8lu kB\n",
                                (unsigned long)(st.total_bytes >> 10),
                                (unsigned long)(st.free_bytes >> 10),
                                (unsigned long)(st.free_bytes >> 10));
    for (size_t i = 0; i < NELEM(zero) && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%-16s%8lu kB\n", zero[i], 0UL);
    return n;
}

static size_t gen_uptime(char *buf, size_t cap)
{
    uint64_t cs = time_monotonic_ns() / 10000000; /* centiseconds */
    unsigned long s = (unsigned long)(cs / 100), c = (unsigned long)(cs % 100);
    return (size_t)snprintf(buf, cap, "%lu.%02lu %lu.%02lu\n", s, c, s, c);
}

/* Links.  exe is text; cwd and fd/N are magic: following them gives the
 * object itself, even when it has no name. */
static long exe_readlink(struct inode *ino, char *buf, size_t cap)
{
    (void)ino;
    const char *exe = procfs_exe();
    if (!exe)
        return -ENOENT;
    size_t n = MIN(strlen(exe), cap);
    memcpy(buf, exe, n);
    return (long)n;
}

static long path_text(struct inode *ino, char *buf, size_t cap)
{
    char *tmp = kmalloc(VFS_PATH_MAX);
    if (!tmp)
        return -ENOMEM;
    long n = vfs_inode_path(ino, tmp, VFS_PATH_MAX);
    if (n == -ENOENT || (n >= 0 && !ino->dent && !VFS_ISDIR(ino->mode))) {
        if ((ino->mode & LX_S_IFMT) == LX_S_IFIFO)
            n = snprintf(tmp, VFS_PATH_MAX, "pipe:[%lu]",
                         (unsigned long)ino->ino);
        else if (ino->rdev == VFS_MKDEV(5, 1))
            n = snprintf(tmp, VFS_PATH_MAX, "/dev/console");
        else
            n = snprintf(tmp, VFS_PATH_MAX, "/ (deleted)");
    }
    if (n >= 0) {
        n = (long)MIN((size_t)n, cap);
        memcpy(buf, tmp, (size_t)n);
    }
    kfree(tmp);
    return n;
}

static long cwd_readlink(struct inode *ino, char *buf, size_t cap)
{
    (void)ino;
    return path_text(vfs_cwd, buf, cap);
}

static int cwd_follow(struct inode *ino, struct inode **out)
{
    (void)ino;
    vfs_iget(vfs_cwd);
    *out = vfs_cwd;
    return 0;
}

static long fd_readlink(struct inode *ino, char *buf, size_t cap)
{
    struct file *f = fd_get((int)(intptr_t)ino->priv);
    return f ? path_text(f->inode, buf, cap) : -ENOENT;
}

static int fd_follow(struct inode *ino, struct inode **out)
{
    struct file *f = fd_get((int)(intptr_t)ino->priv);
    if (!f)
        return -ENOENT;
    vfs_iget(f->inode);
    *out = f->inode;
    return 0;
}

static const struct inode_ops exe_iops = {.readlink = exe_readlink};
static const struct inode_ops cwd_iops = {
    .readlink = cwd_readlink,
    .follow = cwd_follow,
};
static const struct inode_ops fdlink_iops = {
    .readlink = fd_readlink,
    .follow = fd_follow,
};

/* /proc/1/fd: one entry per open fd. */
static int fddir_lookup(struct inode *dir, const char *name, size_t len,
                        struct inode **out)
{
    (void)dir;
    unsigned long fd = 0;
    if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
        return -ENOENT;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -ENOENT;
        fd = fd * 10 + (unsigned long)(name[i] - '0');
    }
    struct file *f = fd_get((int)fd);
    if (!f)
        return -ENOENT;
    uint32_t mode = LX_S_IFLNK;
    if (FILE_CAN_READ(f))
        mode |= 0500;
    if (FILE_CAN_WRITE(f))
        mode |= 0300;
    struct inode *ino = ramfs_new_inode(mode, VFS_DEV_PROC);
    if (!ino)
        return -ENOMEM;
    ino->iops = &fdlink_iops;
    ino->priv = (void *)(intptr_t)fd;
    ino->flags |= INODE_RO;
    vfs_iget(ino); /* no name: freed with its last use */
    *out = ino;
    return 0;
}

static int fddir_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    char name[16];
    if (ctx->pos == 0 && !vfs_dir_emit(ctx, ".", 1, dir->ino, LX_DT_DIR, 1))
        return 0;
    if (ctx->pos == 1 &&
        !vfs_dir_emit(ctx, "..", 2, dir->u.dir.up->ino, LX_DT_DIR, 2))
        return 0;
    unsigned limit = fd_get_limit();
    for (uint64_t fd = ctx->pos - 2; fd < limit; fd++) {
        if (!fd_get((int)fd))
            continue;
        int n = snprintf(name, sizeof(name), "%lu", (unsigned long)fd);
        if (!vfs_dir_emit(ctx, name, (size_t)n, 0x10000 + fd, LX_DT_LNK,
                          fd + 3))
            return 0;
    }
    return 0;
}

static const struct inode_ops fddir_iops = {
    .lookup = fddir_lookup,
    .iterate = fddir_iterate,
};

static struct inode *add(struct inode *dir, const char *name, uint32_t mode,
                         const struct inode_ops *iops, void *priv)
{
    struct inode *ino =
        VFS_ISLNK(mode) ? ramfs_new_symlink(priv, strlen(priv), VFS_DEV_PROC)
                        : ramfs_new_inode(mode, VFS_DEV_PROC);
    if (!ino)
        return NULL;
    ino->flags |= INODE_RO;
    if (iops) {
        ino->iops = iops;
        ino->size = 0;
    }
    if (VFS_ISREG(mode)) {
        ino->fops = &gen_fops;
        ino->priv = priv;
    }
    if (ramfs_link(dir, name, strlen(name), ino) < 0) {
        vfs_iget(ino); /* frees it */
        vfs_iput(ino);
        return NULL;
    }
    return ino;
}

int procfs_init(struct inode *proc)
{
    char pid[16];
    snprintf(pid, sizeof(pid), "%d", PROC_PID);
    proc->mode = LX_S_IFDIR | 0555;
    proc->dev = VFS_DEV_PROC;
    proc->flags |= INODE_RO;
    struct inode *self = add(proc, pid, LX_S_IFDIR | 0555, NULL, NULL);
    if (!self || !add(proc, "self", LX_S_IFLNK | 0777, NULL, pid) ||
        !add(proc, "cpuinfo", LX_S_IFREG | 0444, NULL, procfs_cpuinfo) ||
        !add(proc, "meminfo", LX_S_IFREG | 0444, NULL, gen_meminfo) ||
        !add(proc, "uptime", LX_S_IFREG | 0444, NULL, gen_uptime) ||
        !add(self, "exe", LX_S_IFLNK | 0777, &exe_iops, "") ||
        !add(self, "cwd", LX_S_IFLNK | 0777, &cwd_iops, "") ||
        !add(self, "fd", LX_S_IFDIR | 0500, &fddir_iops, NULL) ||
        !add(self, "stat", LX_S_IFREG | 0444, NULL, procfs_stat) ||
        !add(self, "statm", LX_S_IFREG | 0444, NULL, procfs_statm) ||
        !add(self, "status", LX_S_IFREG | 0444, NULL, procfs_status) ||
        !add(self, "comm", LX_S_IFREG | 0644, NULL, procfs_comm) ||
        !add(self, "cmdline", LX_S_IFREG | 0444, NULL, procfs_cmdline) ||
        !add(self, "environ", LX_S_IFREG | 0400, NULL, procfs_environ) ||
        !add(self, "maps", LX_S_IFREG | 0444, NULL, procfs_maps))
        return -ENOMEM;
    return 0;
}

const char *procfs_exe(void)
{
    return vfs_proc()->exe;
}

void procfs_set_exe(const char *path)
{
    char **exe = &vfs_proc()->exe;
    kfree(*exe);
    *exe = NULL;
    if (path && (*exe = kmalloc(strlen(path) + 1)))
        strcpy(*exe, path);
}
