/* SPDX-License-Identifier: MIT */
/*
 * Inside the file system: inodes, names, open files, and the operations
 * that kernel/fs/ *.c and syscall/fs*.c share.  Nothing else includes it.
 *
 * The kernel runs one system call at a time (the big kernel lock), so
 * nothing here locks.  A call that must wait sleeps on a wait queue
 * (kernel/wait.h); the lock is let go while it sleeps.
 */
#ifndef UK_FS_FILE_H
#define UK_FS_FILE_H

#include "kernel/fs/vfs.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "kernel/wait.h"
#include "syscall/linux.h"

#define VFS_PATH_MAX 4096
#define VFS_NAME_MAX 255
#define VFS_MAXLINKS 40         /* symlinks followed per lookup */
#define VFS_MAX_SIZE INT64_MAX  /* largest file */
#define VFS_MAX_RW 0x7ffff000UL /* Linux's MAX_RW_COUNT */
#define VFS_MKDEV(ma, mi)                                                      \
    (((uint32_t)(mi)&0xffu) | ((uint32_t)(ma) << 8) |                          \
     (((uint32_t)(mi) & ~0xffu) << 12))
#define VFS_MAJOR(d) (((uint32_t)(d) >> 8) & 0xfffu)
#define VFS_MINOR(d) (((uint32_t)(d)&0xffu) | (((uint32_t)(d) >> 12) & ~0xffu))
#define VFS_DEV_RAMFS VFS_MKDEV(0, 32)
#define VFS_DEV_DEVFS VFS_MKDEV(0, 5)
#define VFS_DEV_PROC VFS_MKDEV(0, 22)
#define VFS_DEV_PIPE VFS_MKDEV(0, 12)
#define VFS_DEV_ANON VFS_MKDEV(0, 13)
#define VFS_ISDIR(m) (((m)&LX_S_IFMT) == LX_S_IFDIR)
#define VFS_ISREG(m) (((m)&LX_S_IFMT) == LX_S_IFREG)
#define VFS_ISLNK(m) (((m)&LX_S_IFMT) == LX_S_IFLNK)

struct inode;
struct file;
struct vfs_iter;
struct vfs_dirctx;

/* What an open file does.  A NULL read or write gives -EINVAL, a NULL
 * llseek -ESPIPE (also for pread/pwrite), a NULL ioctl -ENOTTY. */
struct file_ops {
    int (*open)(struct inode *ino, struct file *f);
    long (*read)(struct file *f, struct vfs_iter *it, uint64_t *pos);
    long (*write)(struct file *f, struct vfs_iter *it, uint64_t *pos);
    long (*llseek)(struct file *f, int64_t off, int whence);
    unsigned (*poll)(struct file *f); /* LX_POLL* bits ready now */
    long (*ioctl)(struct file *f, unsigned cmd, uint64_t arg);
    void (*release)(struct file *f);
};

/* Inodes that are not plain ramfs objects (procfs) fill some of these. */
struct inode_ops {
    /* Dynamic directory: find name, *out gets a new reference. */
    int (*lookup)(struct inode *dir, const char *name, size_t len,
                  struct inode **out);
    /* Dynamic directory: emit entries from ctx->pos on (vfs_dir_emit). */
    int (*iterate)(struct inode *dir, struct vfs_dirctx *ctx);
    /* Dynamic link text; length or -errno (not NUL-terminated). */
    long (*readlink)(struct inode *ino, char *buf, size_t cap);
    /* Magic link: the target itself, a new reference. */
    int (*follow)(struct inode *ino, struct inode **out);
    void (*evict)(struct inode *ino);
    /* Fill st from the object's owner (a host directory): 0 or -errno,
     * and then vfs_fill_stat uses what the inode has. */
    int (*stat)(struct inode *ino, struct linux_stat *st);
};

/* One name in a directory. */
struct dentry {
    struct dentry *hnext;       /* hash chain */
    struct dentry *next, *prev; /* the directory's entries, oldest first */
    struct inode *dir;
    struct inode *inode;
    uint64_t cookie; /* getdents64 position, increasing per directory */
    uint32_t hash;
    uint16_t len;
    char name[];
};

/* Pages of a regular file: a radix tree of 64-way nodes; height 0 means
 * root is the page of index 0 itself. */
struct vfs_radix {
    void *root;
    unsigned height;
};

#define INODE_RO 1       /* procfs: no writes, no new names */
#define INODE_INTACT 2   /* regular file: still the archive's bytes */
#define INODE_DEAD 4     /* directory: removed */
#define INODE_LAZY 8     /* directory: filled on its first lookup */
#define INODE_CHARGED 16 /* counted against the root's inode limit */
#define INODE_HOST 32      /* in a host directory (hostfs.c) */
#define INODE_HOST_NAME 64 /* its dent is its own, in no directory */
#define INODE_ROFS 128     /* in a read-only mount: EROFS to changes */
#define INODE_OVL 256      /* in an overlay mount (the default view) */
#define INODE_SHADOW 512   /* an overlay's upper directory (overlay.c) */
#define INODE_WHITEOUT 1024 /* an overlay's mark of a removed name */
/* The inode numbers of objects made in an overlay, apart from the host's */
#define VFS_OVL_INO (1ULL << 62)
/* A host object in an overlay: a change goes to its upper copy. */
#define VFS_OVL_LOWER(ino)                                                     \
    (((ino)->flags & (INODE_HOST | INODE_OVL)) == (INODE_HOST | INODE_OVL))
/* A host object whose changes the host makes (-v ...:rw). */
#define VFS_TO_HOST(ino)                                                       \
    (((ino)->flags & (INODE_HOST | INODE_OVL)) == INODE_HOST)
/* The root of a host directory: where it is mounted, it cannot move. */
#define VFS_IS_MOUNT(ino)                                                      \
    (((ino)->flags & (INODE_HOST | INODE_HOST_NAME)) == INODE_HOST)

struct inode {
    uint64_t ino;
    uint32_t mode;
    uint32_t uid, gid;
    uint32_t nlink; /* names (a directory has 0 or 1) */
    uint32_t refs;  /* open files, cwd, lookups in progress */
    uint32_t flags;
    uint32_t dev, rdev;
    uint64_t size;
    uint64_t atime, mtime, ctime; /* ns since the epoch */
    uint64_t events;              /* vfs_poll_wake calls (epoll's edges) */
    const struct inode_ops *iops; /* NULL for ramfs */
    const struct file_ops *fops;
    void *priv;          /* devfs/procfs: per-node data */
    struct dentry *dent; /* one name of the inode, NULL if none */
    union {
        struct {
            struct dentry *first, *last;
            uint64_t next_cookie;
            uint32_t nentries, nsubdirs;
            /* "..": the parent, referenced once this one is removed */
            struct inode *up;
        } dir;
        struct {
            struct vfs_radix pages;
            uint64_t npages;        /* private pages */
            uint64_t nlow;          /* those below the backing's end */
            const uint8_t *backing; /* archive bytes, or NULL */
            uint64_t backed_len;    /* bytes of backing still valid */
            uint64_t mapped;        /* shared mappings: keep the pages */
        } reg;
        struct {
            char *target;
        } lnk;
    } u;
};

struct epitem;

struct file {
    uint32_t refs;
    uint32_t flags; /* LX_O_ access mode and status flags */
    uint64_t pos;
    struct inode *inode;
    const struct file_ops *ops;
    void *priv;
    int stream; /* console: 0, 1 or 2 */
    struct epitem *epitems; /* epoll entries watching this file */
};

#define FILE_CAN_READ(f)                                                       \
    (!((f)->flags & LX_O_PATH) && ((f)->flags & LX_O_ACCMODE) != LX_O_WRONLY)
#define FILE_CAN_WRITE(f)                                                      \
    (!((f)->flags & LX_O_PATH) && ((f)->flags & LX_O_ACCMODE) != LX_O_RDONLY)

/* iovecs of a readv/writev read in at a time (Linux's UIO_FASTIOV) */
#define VFS_IOV_BATCH 8

/* A list of buffers to copy to or from, user or kernel memory.  A user
 * iovec array is read a few entries at a time as the copy reaches them,
 * so no transfer needs kernel memory for it. */
struct vfs_iter {
    const struct linux_iovec *uiov; /* the user's array, or NULL */
    size_t nseg, seg, segoff;
    size_t left; /* bytes still wanted */
    bool kernel; /* buffers are kernel memory */
    bool fault;  /* a copy hit a bad address */
    /* iovecs [first, first + nbatch) of the array (or the one buffer) */
    size_t first, nbatch;
    struct linux_iovec batch[VFS_IOV_BATCH];
};

/* File positions and getdents64 output. */
struct vfs_dirctx {
    uint64_t pos; /* where to resume: 0 ".", 1 "..", then entry cookies */
    char *buf;
    size_t cap, used;
    bool full; /* an entry did not fit */
    struct file *file; /* the open directory */
};

/* kernel/fs/iter.c */
void vfs_iter_init(struct vfs_iter *it, void *buf, size_t n, bool kernel);
/* Over the user's array uiov of n iovecs, which is read and checked now
 * and re-read in batches during the copy: 0, -EFAULT, or -EINVAL if the
 * lengths add up to more than INT64_MAX. */
int vfs_iter_init_vec(struct vfs_iter *it, const struct linux_iovec *uiov,
                      size_t n);
/* Each returns the bytes copied, fewer than n at the end or on a fault. */
size_t vfs_iter_out(struct vfs_iter *it, const void *src, size_t n);
size_t vfs_iter_in(struct vfs_iter *it, void *dst, size_t n);
size_t vfs_iter_zero(struct vfs_iter *it, size_t n);
/* A piece of physical memory a device may fill. */
struct vfs_frag {
    uint64_t pa;
    uint32_t len;
};
/* The memory behind the next bytes (at most n) of a single user buffer
 * (read, pread), for a device to write there itself: at most cap pieces,
 * none crossing a page, each page made present and writable first.
 * Returns the bytes they cover, with *nf pieces; 0 when it is not one
 * user buffer or its next page cannot be written (the copy then meets
 * the fault).  vfs_iter_skip moves past what the device wrote. */
size_t vfs_iter_user_frames(struct vfs_iter *it, size_t n,
                            struct vfs_frag *f, unsigned cap, unsigned *nf);
void vfs_iter_skip(struct vfs_iter *it, size_t n);
/* Result of a transfer of done bytes: done, or -EFAULT if none moved. */
long vfs_iter_result(struct vfs_iter *it, size_t done);
/* Add a getdents64 record; false when the buffer is full. */
bool vfs_dir_emit(struct vfs_dirctx *c, const char *name, size_t len,
                  uint64_t ino, unsigned type, uint64_t next_pos);

/* kernel/fs/ramfs.c: inodes and directories */
struct inode *ramfs_new_inode(uint32_t mode, uint32_t dev);
void vfs_iget(struct inode *ino);
void vfs_iput(struct inode *ino);
struct dentry *ramfs_lookup(struct inode *dir, const char *name, size_t len);
/* A name not yet in any directory (NULL: -ENOMEM); add it to dir, where
 * it must be absent, with ramfs_dentry_add, or free it with kfree. */
struct dentry *ramfs_dentry_new(const char *name, size_t len);
void ramfs_dentry_add(struct inode *dir, struct dentry *d, struct inode *ino);
/* Add name -> ino in dir (name must be absent): 0 or -ENOMEM. */
int ramfs_link(struct inode *dir, const char *name, size_t len,
               struct inode *ino);
/* Remove the name d; frees the inode if that was its last use. */
void ramfs_unlink(struct dentry *d);
int ramfs_iterate(struct inode *dir, struct vfs_dirctx *ctx);
/* Make a symlink inode with a copy of target: NULL on -ENOMEM. */
struct inode *ramfs_new_symlink(const char *target, size_t len, uint32_t dev);
/* Free every name and inode below dir (vfs_fini). */
void ramfs_destroy_tree(struct inode *dir);
uint64_t vfs_now(void);
void vfs_touch(struct inode *ino, bool mtime); /* ctime, and mtime */

/* kernel/fs/ramfs_file.c: regular file data */
extern const struct file_ops ramfs_file_ops;
long ramfs_read(struct inode *ino, struct vfs_iter *it, uint64_t pos);
long ramfs_write(struct inode *ino, struct vfs_iter *it, uint64_t pos);
int ramfs_truncate(struct inode *ino, uint64_t size);
void ramfs_free_data(struct inode *ino);
long ramfs_seek_data(struct inode *ino, uint64_t pos, bool hole);
/* Point a fresh file at archive bytes (no copy). */
void ramfs_set_backing(struct inode *ino, const void *data, uint64_t len);
uint64_t ramfs_blocks(struct inode *ino); /* 512-byte units */
/* Page idx as a private page (made if needed): NULL with *err -ENOSPC
 * (the root is full) or -ENOMEM. */
void *ramfs_page(struct inode *ino, uint64_t idx, long *err);
/* fallocate modes 0 and KEEP_SIZE: make every page of [off, off+len)
 * that holds no data, and with keep_size false grow the size to off+len.
 * 0, -ENOSPC with the file unchanged when the pages do not fit, or
 * -ENOMEM (pages made so far stay, as zeros). */
int ramfs_fallocate(struct inode *ino, uint64_t off, uint64_t len,
                    bool keep_size);

/* kernel/fs/space.c: the root's size and inode limits (see there) */
#define RAMFS_SHORT_LINK 128 /* shorter symlink targets take no page */
struct ramfs_space {
    uint64_t max_pages, used_pages;
    uint64_t max_inodes, used_inodes;
};
/* Count from zero, with these limits (vfs_init). */
void ramfs_space_init(uint64_t max_pages, uint64_t max_inodes);
/* New limits; what is used stays counted. */
void ramfs_space_set_max(uint64_t max_pages, uint64_t max_inodes);
void ramfs_space_get(struct ramfs_space *s);
/* Pages that may still be taken (0 when over the limit). */
uint64_t ramfs_pages_free(void);
/* Take n pages: 0, or -ENOSPC (nothing taken) unless force. */
int ramfs_take_pages(uint64_t n, bool force);
void ramfs_give_pages(uint64_t n);
/* Inodes that may still be taken (0 when over the limit). */
uint64_t ramfs_inodes_free(void);
/* One inode (or the name of an extra hard link): 0 or -ENOSPC unless
 * force. */
int ramfs_take_inode(bool force);
void ramfs_give_inode(void);
/* Count new inode ino of the root (and a page for a long symlink target),
 * marking it INODE_CHARGED: 0, or -ENOSPC unless force. */
int ramfs_charge_new(struct inode *ino, bool force);
/* Give back what ramfs_charge_new took, if anything (on free). */
void ramfs_uncharge(struct inode *ino);

/* What a process has of the file system: its descriptors (fdtable.c),
 * working directory, umask and executable's path.  Each process has its
 * own; vfs_proc() is the caller's (kernel/task.h keeps the pointer). */
struct fdtable {
    struct file **files;
    uint8_t *cloexec;
    unsigned cap;   /* slots in both arrays */
    unsigned limit; /* RLIMIT_NOFILE */
};
struct fs_proc {
    struct fdtable fds;
    struct inode *cwd;
    uint32_t umask;
    char *exe;
};
#ifdef UK_HOST
struct fs_proc *vfs_proc(void); /* the host unit test's */
#else
static inline struct fs_proc *vfs_proc(void)
{
    return proc_current()->fs;
}
#endif
/* Process pid's (/proc/PID), or NULL when it has none (gone, a zombie). */
struct fs_proc *vfs_proc_of(int pid);
/* A first process's (no fds, cwd the root, umask 022); a child's copy of
 * parent (the fds share their open files, as fork's do); NULL when
 * memory is out.  vfs_proc_exit closes everything of fp and frees it. */
struct fs_proc *vfs_proc_new(void);
struct fs_proc *vfs_proc_fork(struct fs_proc *parent);
void vfs_proc_exit(struct fs_proc *fp);

/* kernel/fs/namei.c: path lookup */
extern struct inode *vfs_root;
#define vfs_cwd (vfs_proc()->cwd)
#define vfs_umask (vfs_proc()->umask)

#define LOOKUP_FOLLOW 1 /* follow a symlink in the last component */
#define LOOKUP_EMPTY 2  /* "" means dirfd itself (AT_EMPTY_PATH) */

/* The LOOKUP_* flags of a call's AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
static inline unsigned vfs_at_lookup(int at_flags)
{
    return (at_flags & LX_AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
           (at_flags & LX_AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
}

/* Result of a lookup.  name points into the caller's path buffer. */
struct vfs_path {
    struct inode *dir;   /* parent, referenced; NULL for an empty path */
    struct inode *inode; /* the object, referenced, or NULL if missing */
    const char *name;    /* last component; "" for "/" */
    size_t len;
    bool slash; /* the path ended in '/' */
};
/* Walk path (a writable VFS_PATH_MAX buffer it may rewrite) from dirfd.
 * Missing last component: 0 with inode NULL and dir set. */
int vfs_lookup(int dirfd, char *path, unsigned flags, struct vfs_path *vp);
void vfs_path_put(struct vfs_path *vp);
/* Whether the last component is "", "." or "..". */
bool vfs_path_dots(const struct vfs_path *vp);
/* One name in dir, following nothing: a new reference in *out. */
int vfs_lookup_child(struct inode *dir, const char *name, size_t len,
                     struct inode **out);
/* Text of a symlink into buf (not NUL-terminated): length or -errno. */
long vfs_readlink_inode(struct inode *ino, char *buf, size_t cap);
/* Absolute path of inode ino into buf, NUL-terminated: length or -errno
 * (-ENOENT if it has no name any more). */
long vfs_inode_path(struct inode *ino, char *buf, size_t cap);
/* Copy a user path into a new VFS_PATH_MAX buffer (kfree it): NULL with
 * *err -EFAULT, -ENAMETOOLONG or -ENOMEM. */
char *vfs_getname(const char *upath, long *err);
/* Copy in two user paths and apply op (vfs_rename, vfs_link) to them. */
long vfs_two_paths(int odfd, const char *uold, int ndfd, const char *unew,
                   unsigned flags,
                   int (*op)(int, char *, int, char *, unsigned));
/* Look up a user path: *ino gets the object (a reference), or -ENOENT
 * if it is missing.  With LOOKUP_EMPTY a NULL path means dirfd. */
int vfs_lookup_user(int dirfd, const char *upath, unsigned flags,
                    struct inode **ino);
/* dirfd as the start of a relative lookup: a new reference, or -errno. */
int vfs_dirfd_inode(int dirfd, struct inode **out);

/* kernel/fs/vfs.c: open files */
/* Open ino with flags: a new file (reference 1) or NULL with *err. */
struct file *vfs_open_inode(struct inode *ino, int flags, long *err);
/* open(2) at dirfd; path is a writable VFS_PATH_MAX buffer. */
struct file *vfs_openat(int dirfd, char *path, int flags, uint32_t mode,
                        long *err);
void vfs_fill_stat(struct inode *ino, struct linux_stat *st);
/* Move a file position: the new position or -errno. */
long vfs_generic_llseek(struct file *f, int64_t off, int whence, uint64_t size);
extern const struct file_ops vfs_dir_ops;

/* Put the directory root (a new inode, which this takes) at absolute
 * path, making its parents, in place of what was there: 0 or -errno. */
int vfs_mount_at(const char *path, struct inode *root);

/* kernel/fs/dirops.c: changing the tree */
int vfs_mkdir(int dirfd, char *path, uint32_t mode);
int vfs_mknod_check(struct vfs_path *vp);
int vfs_unlink(int dirfd, char *path, bool rmdir);
int vfs_rename(int odfd, char *opath, int ndfd, char *npath, unsigned flags);
int vfs_symlink(const char *target, int dirfd, char *path);
int vfs_link(int odfd, char *opath, int ndfd, char *npath, unsigned flags);
/* Give the new inode ino (NULL: -ENOMEM) the missing name vp, counting it
 * against the root's limits; vp->inode gets a reference.  0, -ENOSPC or
 * -ENOMEM, and then ino is freed. */
int vfs_add_new(struct vfs_path *vp, struct inode *ino);
/* Create a regular file under vp (which must be missing). */
int vfs_create(struct vfs_path *vp, uint32_t mode, struct inode **out);
/* ftruncate/truncate on an inode: 0 or -errno. */
int vfs_truncate_inode(struct inode *ino, int64_t size);

/* kernel/fs/poll.c: readiness (vfs_poll_wake is in vfs.h) */
/* Sleep until vfs_poll_wake, the monotonic deadline or a signal:
 * 0, -ETIMEDOUT or -ERESTARTSYS. */
int vfs_poll_sleep(uint64_t deadline);

/* kernel/fs/anon.c: files with no name */
/* A new descriptor (flags: O_CLOEXEC, O_NONBLOCK) on a new nameless file
 * with ops and priv; or -errno, and then priv is the caller's to free. */
int vfs_anon_fd(const char *name, const struct file_ops *ops, void *priv,
                int flags);
extern const struct file_ops vfs_anon_closed;

/* kernel/fs/epoll.c */
/* f is going: the epoll entries that watch it go too. */
void epoll_file_gone(struct file *f);

/* kernel/fs/cpio.c */
int cpio_unpack(struct inode *root, const void *archive, size_t len);

/* kernel/fs/devfs.c and procfs.c */
/* Fill a directory marked INODE_LAZY (/dev, /proc). 0 or -ENOMEM. */
int vfs_populate(struct inode *dir);
/* The console inodes behind fds 0-2 (at boot). */
int devfs_boot(void);
int devfs_init(struct inode *dev);
void devfs_fini(void);
int procfs_init(struct inode *proc);
void procfs_set_exe(const char *path);
size_t procfs_cpuinfo(char *buf, size_t cap); /* procfs_cpu.c */
/* procfs_pid.c: process pid's stat, statm, status, comm, cmdline,
 * environ and maps, as text in buf: the length. */
size_t procfs_stat(int pid, char *buf, size_t cap);
size_t procfs_statm(int pid, char *buf, size_t cap);
size_t procfs_status(int pid, char *buf, size_t cap);
size_t procfs_comm(int pid, char *buf, size_t cap);
size_t procfs_cmdline(int pid, char *buf, size_t cap);
size_t procfs_environ(int pid, char *buf, size_t cap);
size_t procfs_maps(int pid, char *buf, size_t cap);
/* Process pid's program path (/proc/PID/exe), or NULL. */
const char *procfs_exe(int pid);
struct file *devfs_open_console(int stream, long *err);
bool devfs_is_console(struct file *f); /* reads come from stdin */
/* The driver of a device node made by mknod; opening an unknown one
 * fails with ENXIO. */
const struct file_ops *devfs_fops(uint32_t mode, uint32_t rdev);

/* kernel/fs/pipe.c: two new files, read end then write end. */
int pipe_create(struct file **rd, struct file **wr, int flags);
/* A FIFO inode for mknod (no name yet): NULL on -ENOMEM. */
struct inode *pipe_new_inode(uint32_t mode);
/* For sendfile into f: if f is a pipe's write end, sleep until it has
 * room as a write would (-EAGAIN, -EPIPE with SIGPIPE, -ERESTARTSYS),
 * then the bytes that fit; 0 for any other file. */
long pipe_room(struct file *f);
#define PIPE_CAPACITY 65536

/* kernel/fs/fdtable.c */
/* Install f at the lowest free fd >= minfd (takes over the reference):
 * the fd, or -EMFILE.  flags: LX_O_CLOEXEC. */
int fd_alloc(struct file *f, int minfd, int flags);
/* 0 if fd_alloc(f, 0, ...) would find a free fd, else -EMFILE. */
int fd_can_alloc(void);
/* Install f at fd, closing what was there (dup2): fd or -errno. */
int fd_install_at(int fd, struct file *f, int flags);
int fd_close(int fd);
int fd_get_cloexec(int fd);
int fd_set_cloexec(int fd, bool on);
void fd_close_all(void);
/* Close every fd of t and free its arrays. */
void fd_table_free(struct fdtable *t);
/* fork: to becomes a copy of from, each open file with one more
 * reference.  0 or -ENOMEM. */
int fd_table_copy(struct fdtable *to, const struct fdtable *from);

#endif
