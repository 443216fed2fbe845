/* SPDX-License-Identifier: MIT */
/*
 * /proc: cpuinfo, meminfo and uptime as text made when the file is
 * opened, and a directory per process, /proc/PID (/proc/self links to
 * the caller's): exe, cwd, and fd/N, the magic links that lead to the
 * open file itself, and the text files of procfs_pid.c.  The process
 * directories are made on lookup and go with their last use; each of
 * their inodes keeps its pid (and what it is) in priv.
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


/* The buffer of f's text, which its open fills; NULL when memory is out. */
static struct gen_text *gen_buffer(struct file *f)
{
    return f->priv = kmalloc(sizeof(struct gen_text) + GEN_CAP);
}

static int gen_open(struct inode *ino, struct file *f)
{
    struct gen_text *t = gen_buffer(f);
    if (!t)
        return -ENOMEM;
    t->len = MIN(((gen_fn)ino->priv)(t->data, GEN_CAP), GEN_CAP - 1);
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

/* What a node of /proc/PID is: priv holds PID * 16 + one of these (fd/N
 * links hold PID << 32 | N).  The first P_NKINDS are /proc/PID's names. */
enum { P_STAT, P_STATM, P_STATUS, P_COMM, P_CMDLINE, P_ENVIRON, P_MAPS,
       P_EXE, P_CWD, P_FD, P_NKINDS, P_DIR = P_NKINDS };
#define PRIV(pid, kind) ((void *)(intptr_t)((pid) * 16 + (kind)))
#define PRIV_PID(ino) ((int)((intptr_t)(ino)->priv / 16))

/* Links.  exe is text; cwd and fd/N are magic: following them gives the
 * object itself, even when it has no name. */
static long exe_readlink(struct inode *ino, char *buf, size_t cap)
{
    const char *exe = procfs_exe(PRIV_PID(ino));
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

static struct inode *cwd_of(const struct inode *ino)
{
    struct fs_proc *fp = vfs_proc_of(PRIV_PID(ino));
    return fp ? fp->cwd : NULL;
}

static long cwd_readlink(struct inode *ino, char *buf, size_t cap)
{
    struct inode *cwd = cwd_of(ino);
    return cwd ? path_text(cwd, buf, cap) : -ENOENT;
}

static int cwd_follow(struct inode *ino, struct inode **out)
{
    struct inode *cwd = cwd_of(ino);
    if (!cwd)
        return -ENOENT;
    vfs_iget(cwd);
    *out = cwd;
    return 0;
}

/* Process pid's open file fd, or NULL. */
static struct file *fd_of(int pid, uint64_t fd)
{
    struct fs_proc *fp = vfs_proc_of(pid);
    return fp && fd < fp->fds.cap ? fp->fds.files[fd] : NULL;
}

static struct file *fdlink_file(const struct inode *ino)
{
    uint64_t v = (uint64_t)(intptr_t)ino->priv;
    return fd_of((int)(v >> 32), v & 0xffffffff);
}

static long fd_readlink(struct inode *ino, char *buf, size_t cap)
{
    struct file *f = fdlink_file(ino);
    return f ? path_text(f->inode, buf, cap) : -ENOENT;
}

static int fd_follow(struct inode *ino, struct inode **out)
{
    struct file *f = fdlink_file(ino);
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

/* A decimal number without leading zeros, or -1. */
static long number(const char *name, size_t len)
{
    long v = 0;
    if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        v = v * 10 + (name[i] - '0');
    }
    return v;
}

/* /proc/PID/fd: one entry per open fd. */
static int fddir_lookup(struct inode *dir, const char *name, size_t len,
                        struct inode **out)
{
    long fd = number(name, len);
    int pid = PRIV_PID(dir);
    struct file *f = fd < 0 ? NULL : fd_of(pid, (uint64_t)fd);
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
    ino->priv = (void *)(intptr_t)((uint64_t)pid << 32 | (uint64_t)fd);
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
    int pid = PRIV_PID(dir);
    struct fs_proc *fp = vfs_proc_of(pid);
    for (uint64_t fd = ctx->pos - 2; fp && fd < fp->fds.cap; fd++) {
        if (!fd_of(pid, fd))
            continue;
        int n = snprintf(name, sizeof(name), "%lu", (unsigned long)fd);
        if (!vfs_dir_emit(ctx, name, (size_t)n, 0x10000 + fd, LX_DT_LNK,
                          fd + 3))
            return 0;
    }
    return 0;
}

/* A nameless directory holds the one it is in, for "..". */
static void dir_evict(struct inode *ino)
{
    vfs_iput(ino->u.dir.up);
}

static const struct inode_ops fddir_iops = {
    .lookup = fddir_lookup,
    .iterate = fddir_iterate,
    .evict = dir_evict,
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

/* Text files of /proc/PID: made by procfs_pid.c for the pid in priv. */
static size_t (*const pid_gens[])(int pid, char *buf, size_t cap) = {
    [P_STAT] = procfs_stat,       [P_STATM] = procfs_statm,
    [P_STATUS] = procfs_status,   [P_COMM] = procfs_comm,
    [P_CMDLINE] = procfs_cmdline, [P_ENVIRON] = procfs_environ,
    [P_MAPS] = procfs_maps,
};

static int pidgen_open(struct inode *ino, struct file *f)
{
    struct gen_text *t = gen_buffer(f);
    if (!t)
        return -ENOMEM;
    size_t (*gen)(int, char *, size_t) = pid_gens[(intptr_t)ino->priv % 16];
    t->len = MIN(gen(PRIV_PID(ino), t->data, GEN_CAP), GEN_CAP - 1);
    return 0;
}

static const struct file_ops pidgen_fops = {
    .open = pidgen_open,
    .read = gen_read,
    .llseek = gen_llseek,
    .poll = gen_poll,
    .release = gen_release,
};

static const struct {
    const char *name;
    uint32_t mode;
} pid_nodes[P_NKINDS + 1] = {
    [P_STAT] = {"stat", LX_S_IFREG | 0444},
    [P_STATM] = {"statm", LX_S_IFREG | 0444},
    [P_STATUS] = {"status", LX_S_IFREG | 0444},
    [P_COMM] = {"comm", LX_S_IFREG | 0644},
    [P_CMDLINE] = {"cmdline", LX_S_IFREG | 0444},
    [P_ENVIRON] = {"environ", LX_S_IFREG | 0400},
    [P_MAPS] = {"maps", LX_S_IFREG | 0444},
    [P_EXE] = {"exe", LX_S_IFLNK | 0777},
    [P_CWD] = {"cwd", LX_S_IFLNK | 0777},
    [P_FD] = {"fd", LX_S_IFDIR | 0500},
    [P_DIR] = {"", LX_S_IFDIR | 0555}, /* /proc/PID itself */
};

static int piddir_lookup(struct inode *dir, const char *name, size_t len,
                         struct inode **out);
static int piddir_iterate(struct inode *dir, struct vfs_dirctx *ctx);
static const struct inode_ops piddir_iops = {
    .lookup = piddir_lookup,
    .iterate = piddir_iterate,
    .evict = dir_evict,
};

/* A nameless /proc node (freed with its last use) of process pid. */
static int pid_node(struct inode *up, int pid, int kind, struct inode **out)
{
    static const struct inode_ops *const iops[P_NKINDS + 1] = {
        [P_EXE] = &exe_iops, [P_CWD] = &cwd_iops, [P_FD] = &fddir_iops,
        [P_DIR] = &piddir_iops};
    uint32_t mode = pid_nodes[kind].mode;
    struct inode *ino = VFS_ISLNK(mode)
                            ? ramfs_new_symlink("", 0, VFS_DEV_PROC)
                            : ramfs_new_inode(mode, VFS_DEV_PROC);
    if (!ino)
        return -ENOMEM;
    ino->mode = mode;
    ino->flags |= INODE_RO;
    ino->priv = PRIV(pid, kind);
    ino->iops = iops[kind];
    if (VFS_ISREG(mode))
        ino->fops = &pidgen_fops;
    if (VFS_ISDIR(mode)) {
        vfs_iget(up);
        ino->u.dir.up = up;
    }
    vfs_iget(ino);
    *out = ino;
    return 0;
}

static int piddir_lookup(struct inode *dir, const char *name, size_t len,
                         struct inode **out)
{
    struct proc_info pi;
    if (proc_info(PRIV_PID(dir), &pi))
        return -ENOENT; /* it has gone */
    for (int k = 0; k < P_NKINDS; k++)
        if (strlen(pid_nodes[k].name) == len &&
            !memcmp(pid_nodes[k].name, name, len))
            return pid_node(dir, PRIV_PID(dir), k, out);
    return -ENOENT;
}

static int piddir_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    if (ctx->pos == 0 && !vfs_dir_emit(ctx, ".", 1, dir->ino, LX_DT_DIR, 1))
        return 0;
    if (ctx->pos == 1 &&
        !vfs_dir_emit(ctx, "..", 2, dir->u.dir.up->ino, LX_DT_DIR, 2))
        return 0;
    for (uint64_t k = ctx->pos - 2; k < P_NKINDS; k++)
        if (!vfs_dir_emit(ctx, pid_nodes[k].name, strlen(pid_nodes[k].name),
                          dir->ino * 16 + k, pid_nodes[k].mode >> 12, k + 3))
            return 0;
    return 0;
}

/* /proc itself: its files, then a directory per process. */
static int root_lookup(struct inode *dir, const char *name, size_t len,
                       struct inode **out)
{
    struct dentry *d = ramfs_lookup(dir, name, len);
    if (d) {
        vfs_iget(d->inode);
        *out = d->inode;
        return 0;
    }
    long pid = number(name, len);
    struct proc_info pi;
    if (pid <= 0 || proc_info((int)pid, &pi))
        return -ENOENT;
    return pid_node(dir, (int)pid, P_DIR, out);
}

/* Positions: the files' cookies, then PIDS + pid for the processes. */
#define PIDS (1ULL << 32)

static int root_iterate(struct inode *dir, struct vfs_dirctx *ctx)
{
    char name[16];
    if (ctx->pos < PIDS) {
        ramfs_iterate(dir, ctx);
        for (struct dentry *d = dir->u.dir.first; d; d = d->next)
            if (d->cookie >= ctx->pos)
                return 0; /* the buffer is full */
        ctx->pos = PIDS;
    }
    for (int pid = proc_next_pid((int)(ctx->pos - PIDS)); pid;
         pid = proc_next_pid(pid)) {
        int n = snprintf(name, sizeof(name), "%d", pid);
        if (!vfs_dir_emit(ctx, name, (size_t)n, PIDS + (uint64_t)pid,
                          LX_DT_DIR, PIDS + (uint64_t)pid))
            return 0;
    }
    return 0;
}

static const struct inode_ops root_iops = {
    .lookup = root_lookup,
    .iterate = root_iterate,
};

/* /proc/self: the caller's directory. */
static long self_readlink(struct inode *ino, char *buf, size_t cap)
{
    (void)ino;
    char pid[16];
    struct proc_info pi;
    proc_info(0, &pi);
    size_t n = MIN((size_t)snprintf(pid, sizeof(pid), "%d", pi.pid), cap);
    memcpy(buf, pid, n);
    return (long)n;
}

static const struct inode_ops self_iops = {.readlink = self_readlink};

int procfs_init(struct inode *proc)
{
    proc->mode = LX_S_IFDIR | 0555;
    proc->dev = VFS_DEV_PROC;
    proc->flags |= INODE_RO;
    if (!add(proc, "self", LX_S_IFLNK | 0777, &self_iops, "") ||
        !add(proc, "cpuinfo", LX_S_IFREG | 0444, NULL, procfs_cpuinfo) ||
        !add(proc, "meminfo", LX_S_IFREG | 0444, NULL, gen_meminfo) ||
        !add(proc, "uptime", LX_S_IFREG | 0444, NULL, gen_uptime))
        return -ENOMEM;
    proc->iops = &root_iops;
    return 0;
}

const char *procfs_exe(int pid)
{
    struct fs_proc *fp = vfs_proc_of(pid);
    return fp ? fp->exe : NULL;
}

void procfs_set_exe(const char *path)
{
    char **exe = &vfs_proc()->exe;
    kfree(*exe);
    *exe = NULL;
    if (path && (*exe = kmalloc(strlen(path) + 1)))
        strcpy(*exe, path);
}
