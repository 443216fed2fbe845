/* SPDX-License-Identifier: MIT */
/*
 * Open files: open(2) on the tree, reference counts, stat, seeking, and
 * the calls the rest of the kernel makes (vfs.h).  Boot-time set-up too.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"
#include "mm/mm.h"

static const struct file_ops path_ops; /* O_PATH: nothing but fstat & co */

static long dir_read(struct file *f, struct vfs_iter *it, uint64_t *pos)
{
    (void)f, (void)it, (void)pos;
    return -EISDIR;
}

static long dir_llseek(struct file *f, int64_t off, int whence)
{
    if (whence != LX_SEEK_SET && whence != LX_SEEK_CUR)
        return -EINVAL;
    return vfs_generic_llseek(f, off, whence, 0);
}

static unsigned dir_poll(struct file *f)
{
    (void)f;
    return LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM;
}

const struct file_ops vfs_dir_ops = {
    .read = dir_read,
    .llseek = dir_llseek,
    .poll = dir_poll,
};

long vfs_generic_llseek(struct file *f, int64_t off, int whence, uint64_t size)
{
    int64_t base;
    switch (whence) {
    case LX_SEEK_SET:
        base = 0;
        break;
    case LX_SEEK_CUR:
        base = (int64_t)f->pos;
        break;
    case LX_SEEK_END:
        base = (int64_t)size;
        break;
    case LX_SEEK_DATA:
    case LX_SEEK_HOLE:
        if (off < 0 || (uint64_t)off >= size)
            return -ENXIO;
        f->pos = whence == LX_SEEK_HOLE ? size : (uint64_t)off;
        return (long)f->pos;
    default:
        return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (long)f->pos;
}

void file_get(struct file *f)
{
    f->refs++;
}

void file_put(struct file *f)
{
    if (--f->refs)
        return;
    if (f->epitems)
        epoll_file_gone(f);
    if (f->ops->release)
        f->ops->release(f);
    vfs_iput(f->inode);
    kfree(f);
}

struct file *vfs_open_inode(struct inode *ino, int flags, long *err)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f) {
        *err = -ENOMEM;
        return NULL;
    }
    f->refs = 1;
    f->inode = ino;
    vfs_iget(ino);
    if (flags & LX_O_PATH) {
        f->flags = flags & (LX_O_PATH | LX_O_DIRECTORY | LX_O_NOFOLLOW);
        f->ops = &path_ops;
        return f;
    }
    f->flags = flags & ~(LX_O_CREAT | LX_O_EXCL | LX_O_NOCTTY | LX_O_TRUNC |
                         LX_O_CLOEXEC);
    f->ops = ino->fops ? ino->fops : &path_ops;
    if (f->ops->open) {
        int e = f->ops->open(ino, f);
        if (e < 0) {
            vfs_iput(ino);
            kfree(f);
            *err = e;
            return NULL;
        }
    }
    return f;
}

static struct file *open_tmpfile(int dirfd, char *path, int flags,
                                 uint32_t mode, long *err)
{
    struct vfs_path vp;
    struct file *f = NULL;
    int acc = flags & LX_O_ACCMODE;
    if (acc != LX_O_WRONLY && acc != LX_O_RDWR) {
        *err = -EINVAL;
        return NULL;
    }
    long e = vfs_lookup(dirfd, path, LOOKUP_FOLLOW, &vp);
    if (e < 0)
        goto out;
    if (!vp.inode)
        e = -ENOENT;
    else if (!VFS_ISDIR(vp.inode->mode))
        e = -ENOTDIR;
    else if (vp.inode->flags & INODE_DEAD)
        e = -ENOENT;
    else if (vp.inode->flags & INODE_ROFS)
        e = -EROFS;
    else if (vp.inode->flags & (INODE_RO | INODE_HOST | INODE_OVL))
        e = -EOPNOTSUPP;
    if (e == 0) {
        struct inode *ino = ramfs_new_inode(
            LX_S_IFREG | (mode & 07777 & ~vfs_umask), VFS_DEV_RAMFS);
        if (!ino)
            e = -ENOMEM;
        else if ((e = ramfs_charge_new(ino, false)) < 0 ||
                 !(f = vfs_open_inode(ino, flags & ~LX_O_TMPFILE, &e))) {
            vfs_iget(ino); /* frees it, and gives back its charge */
            vfs_iput(ino);
        }
    }
    vfs_path_put(&vp);
out:
    *err = e;
    return f;
}

struct file *vfs_openat(int dirfd, char *path, int flags, uint32_t mode,
                        long *err)
{
    struct vfs_path vp;
    struct file *f = NULL;
    int acc = flags & LX_O_ACCMODE;
    bool created = false, opath = flags & LX_O_PATH;
    if (opath)
        flags &= LX_O_PATH | LX_O_DIRECTORY | LX_O_NOFOLLOW | LX_O_CLOEXEC;
    else
        flags |= LX_O_LARGEFILE;
    if ((flags & LX_O_TMPFILE) == LX_O_TMPFILE)
        return open_tmpfile(dirfd, path, flags, mode, err);
    if ((flags & LX_O_CREAT) && (flags & LX_O_DIRECTORY)) {
        *err = -EINVAL;
        return NULL;
    }
    bool excl = (flags & LX_O_CREAT) && (flags & LX_O_EXCL);
    unsigned lf = (flags & LX_O_NOFOLLOW) || excl ? 0 : LOOKUP_FOLLOW;
    long e = vfs_lookup(dirfd, path, lf, &vp);
    if (e < 0) {
        *err = e;
        return NULL;
    }
    struct inode *ino = vp.inode;
    bool writes = acc != LX_O_RDONLY || (flags & LX_O_TRUNC);
    if (!ino) {
        if (!(flags & LX_O_CREAT))
            e = -ENOENT;
        else if (vp.slash)
            e = -EISDIR;
        else if ((e = vfs_create(&vp, mode & ~vfs_umask, &ino)) == 0)
            created = true;
    } else if (excl) {
        e = -EEXIST;
    } else if ((flags & LX_O_CREAT) && VFS_ISDIR(ino->mode)) {
        e = -EISDIR;
    } else if ((flags & LX_O_DIRECTORY) && !VFS_ISDIR(ino->mode)) {
        e = -ENOTDIR;
    } else if (opath) {
        e = 0;
    } else if (VFS_ISLNK(ino->mode)) {
        e = -ELOOP;
    } else if (VFS_ISDIR(ino->mode) && writes) {
        e = -EISDIR;
    } else if (writes && (ino->flags & INODE_ROFS)) {
        e = -EROFS;
    } else if (writes && VFS_OVL_LOWER(ino)) {
        e = ovl_copy_up(&vp.inode); /* the default view: a copy's */
        ino = vp.inode;
    }
    if (e == 0)
        f = vfs_open_inode(ino, flags, &e);
    if (f && !created && !opath && (flags & LX_O_TRUNC) &&
        ino->fops == &ramfs_file_ops)
        ramfs_truncate(ino, 0);
    if (f && !created && !opath && (flags & LX_O_TRUNC) &&
        VFS_TO_HOST(ino) && VFS_ISREG(ino->mode) &&
        (e = vfs_truncate_inode(ino, 0)) < 0) {
        file_put(f);
        f = NULL;
    }
    vfs_path_put(&vp);
    *err = e;
    return f;
}

void vfs_fill_stat(struct inode *ino, struct linux_stat *st)
{
    memset(st, 0, sizeof(*st));
    if (ino->iops && ino->iops->stat && ino->iops->stat(ino, st) == 0)
        return;
    st->st_dev = ino->dev;
    st->st_ino = ino->ino;
    st->st_mode = ino->mode;
    st->st_uid = ino->uid;
    st->st_gid = ino->gid;
    st->st_rdev = ino->rdev;
    st->st_blksize = PAGE_SIZE;
    if (VFS_ISDIR(ino->mode)) {
        bool dead = ino->flags & INODE_DEAD;
        st->st_nlink = dead ? 0 : 2 + ino->u.dir.nsubdirs;
        /* like tmpfs: 20 bytes per entry; procfs says 0 */
        if (!(ino->flags & INODE_RO))
            st->st_size = 20 * (int64_t)(ino->u.dir.nentries + 2);
    } else {
        /* nameless procfs links (fd/N) still say 1, as on Linux */
        st->st_nlink = ino->nlink ? ino->nlink : (ino->flags & INODE_RO);
        if (VFS_ISREG(ino->mode) || VFS_ISLNK(ino->mode))
            st->st_size = (int64_t)ino->size;
        if (VFS_ISREG(ino->mode))
            st->st_blocks = (int64_t)ramfs_blocks(ino);
        else if (VFS_ISLNK(ino->mode) && (ino->flags & INODE_CHARGED) &&
                 ino->size >= RAMFS_SHORT_LINK)
            st->st_blocks = 8; /* a long target takes a page */
    }
    st->st_atim.tv_sec = (int64_t)(ino->atime / 1000000000);
    st->st_atim.tv_nsec = (int64_t)(ino->atime % 1000000000);
    st->st_mtim.tv_sec = (int64_t)(ino->mtime / 1000000000);
    st->st_mtim.tv_nsec = (int64_t)(ino->mtime % 1000000000);
    st->st_ctim.tv_sec = (int64_t)(ino->ctime / 1000000000);
    st->st_ctim.tv_nsec = (int64_t)(ino->ctime % 1000000000);
}

static struct inode *mkdir_child(struct inode *dir, const char *name,
                                 uint32_t mode)
{
    size_t len = strlen(name);
    struct dentry *d = ramfs_lookup(dir, name, len);
    if (d)
        return VFS_ISDIR(d->inode->mode) && !d->inode->iops ? d->inode : NULL;
    struct inode *ino = ramfs_new_inode(LX_S_IFDIR | mode, VFS_DEV_RAMFS);
    if (ino && ramfs_link(dir, name, len, ino) == 0) {
        ramfs_charge_new(ino, true);
        return ino;
    }
    kfree(ino);
    return NULL;
}

static struct inode *dev_dir, *proc_dir;

int vfs_init(const void *archive, size_t len)
{
    struct mm_stats st;
    if (vfs_root)
        vfs_fini();
    /* tmpfs's defaults: half of RAM, and as many inodes as that is pages
     * (space.c says what counts) */
    mm_get_stats(&st);
    ramfs_space_init(st.total_bytes / PAGE_SIZE / 2,
                     st.total_bytes / PAGE_SIZE / 2);
    vfs_root = ramfs_new_inode(LX_S_IFDIR | 0755, VFS_DEV_RAMFS);
    if (!vfs_root)
        return -ENOMEM;
    ramfs_charge_new(vfs_root, true);
    vfs_iget(vfs_root); /* held for ever */
    vfs_cwd = vfs_root;
    vfs_iget(vfs_cwd);
    vfs_umask = 022;
    int err = len ? cpio_unpack(vfs_root, archive, len) : 0;
    if (err < 0)
        return err;
    if (!mkdir_child(vfs_root, "tmp", 01777))
        klog("fs: cannot create /tmp\n");
    /* /dev and /proc fill in on first use: building them costs more
     * than most programs' whole run where kernel code is slow. */
    dev_dir = mkdir_child(vfs_root, "dev", 0755);
    proc_dir = mkdir_child(vfs_root, "proc", 0555);
    if (!dev_dir || !proc_dir)
        return -ENOMEM;
    dev_dir->flags |= INODE_LAZY;
    proc_dir->flags |= INODE_LAZY;
    return devfs_boot();
}

int vfs_mount_at(const char *path, struct inode *root)
{
    char *buf = strdup(path), *p = buf, *name = NULL;
    struct inode *dir = vfs_root;
    int err = 0;
    while (buf && dir) {
        while (*p == '/')
            p++;
        char *end = strchr(p, '/');
        if (end)
            *end = 0;
        if (*p) {
            if (name)
                dir = mkdir_child(dir, name, 0755);
            name = p;
        }
        if (!end)
            break;
        p = end + 1;
    }
    if (!buf || !dir)
        err = buf ? -ENOTDIR : -ENOMEM;
    else if (!name || strlen(name) > VFS_NAME_MAX)
        err = -EINVAL;
    if (err == 0) {
        struct dentry *d = ramfs_lookup(dir, name, strlen(name));
        if (d)
            ramfs_unlink(d); /* hidden, as under a mount */
        err = ramfs_link(dir, name, strlen(name), root);
    }
    kfree(buf);
    if (err < 0) {
        vfs_iget(root); /* frees it */
        vfs_iput(root);
    }
    return err;
}

int vfs_populate(struct inode *dir)
{
    dir->flags &= ~INODE_LAZY;
    if (dir == dev_dir)
        return devfs_init(dir);
    if (dir == proc_dir)
        return procfs_init(dir);
    return 0;
}

void vfs_fini(void)
{
    if (!vfs_root)
        return;
    fd_close_all();
    vfs_iput(vfs_cwd);
    vfs_cwd = NULL;
    ramfs_destroy_tree(vfs_root);
    vfs_root->nlink = 0;
    vfs_root->refs = 1;
    vfs_iput(vfs_root);
    vfs_root = NULL;
    devfs_fini();
    dev_dir = proc_dir = NULL;
    procfs_set_exe(NULL);
}

void vfs_set_exe(const char *abs_path)
{
    procfs_set_exe(abs_path);
}

struct file *vfs_open_kernel(const char *path, int flags, long *err)
{
    size_t n = strnlen(path, VFS_PATH_MAX);
    if (n >= VFS_PATH_MAX || path[0] != '/') {
        *err = n >= VFS_PATH_MAX ? -ENAMETOOLONG : -EINVAL;
        return NULL;
    }
    char *buf = kmalloc(VFS_PATH_MAX);
    if (!buf) {
        *err = -ENOMEM;
        return NULL;
    }
    memcpy(buf, path, n + 1);
    struct file *f = vfs_openat(LX_AT_FDCWD, buf, flags & ~LX_O_CREAT, 0, err);
    kfree(buf);
    return f;
}

long vfs_read_pages(struct file *f, uint64_t off, const uint64_t *frames,
                    unsigned n, bool may_sleep)
{
    if (!FILE_CAN_READ(f))
        return -EBADF;
    if (f->inode->flags & INODE_HOST)
        return hostfs_read_pages(f, off, frames, n, may_sleep);
    long done = 0;
    for (unsigned i = 0; i < n; i++) {
        long r = vfs_pread_kernel(f, phys_to_virt(frames[i]), PAGE_SIZE,
                                  off + i * PAGE_SIZE);
        if (r < 0)
            return done ? done : r;
        done += r;
        if (r < (long)PAGE_SIZE)
            break;
    }
    return done;
}

long vfs_pread_kernel(struct file *f, void *kbuf, size_t n, uint64_t off)
{
    struct vfs_iter it;
    if (!FILE_CAN_READ(f))
        return -EBADF;
    if (!f->ops->read)
        return -EINVAL;
    if (!f->ops->llseek)
        return -ESPIPE;
    vfs_iter_init(&it, kbuf, n, true);
    return f->ops->read(f, &it, &off);
}

const void *vfs_file_bytes(struct file *f, uint64_t *size)
{
    struct inode *ino = f->inode;
    if (!VFS_ISREG(ino->mode) || !(ino->flags & INODE_INTACT))
        return NULL;
    *size = ino->size;
    return ino->u.reg.backing;
}

long vfs_file_size(struct file *f)
{
    if (!VFS_ISREG(f->inode->mode))
        return -EINVAL;
    return (long)f->inode->size;
}

void *vfs_file_page(struct file *f, uint64_t idx, long *err)
{
    if (f->inode->flags & INODE_HOST)
        return hostfs_page(f, idx, err);
    if (f->inode->fops != &ramfs_file_ops) {
        *err = -EINVAL;
        return NULL;
    }
    return ramfs_page(f->inode, idx, err);
}

void vfs_file_map(struct file *f, int delta)
{
    if (f->inode->fops == &ramfs_file_ops)
        f->inode->u.reg.mapped += (uint64_t)(int64_t)delta;
}

int vfs_file_flags(struct file *f)
{
    return (int)f->flags;
}

bool vfs_file_map_readonly(struct file *f)
{
    return f->inode->flags & INODE_HOST;
}

int vfs_check_exec(struct file *f)
{
    struct inode *ino = f->inode;
    if (!VFS_ISREG(ino->mode) || !(ino->mode & 0111))
        return -EACCES;
    return 0;
}
