/* SPDX-License-Identifier: MIT */
/*
 * The file system as the rest of the kernel sees it (kernel/fs/): one
 * in-memory tree unpacked from the boot archive, /dev and /proc, and the
 * program's file descriptors.  Errors are -errno, as Linux returns them.
 */
#ifndef UK_FS_VFS_H
#define UK_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file; /* an open file description, reference counted */

/* Unpack the newc cpio archive (it must stay in memory for the whole run:
 * file data is referenced, not copied), then create /tmp, /dev and /proc.
 * len 0 gives an empty root.  0, -EINVAL (malformed archive) or -ENOMEM. */
int vfs_init(const void *archive, size_t len);
/* Free the whole tree, every fd and the cwd (host tests and fuzzers). */
void vfs_fini(void);
/* Mount the host directory of virtio slot `slot` at guest_path (made if
 * missing, hiding what was there): kind 'r' read-only, 'w' writable, 'o'
 * read-only below an in-memory overlay (the default view).  0 or -errno.
 * (kernel/fs/hostfs.c: -v HOST:GUEST) */
int hostfs_mount(unsigned slot, const char *guest_path, char kind);
/* Set the target of /proc/self/exe (an absolute path). */
void vfs_set_exe(const char *abs_path);

struct inode;
/* Something that may make a file of ino ready happened (ino may be NULL):
 * every poll, select and epoll_wait looks again (kernel/fs/poll.c). */
void vfs_poll_wake(struct inode *ino);
/* stdin has new input, or its end (kernel/console_in.c). */
void devfs_console_input(void);

/* Open fds 0, 1 and 2 on the console.  0 or -ENOMEM. */
int fd_init_stdio(void);
/* Borrowed pointer to the open file of fd, or NULL if fd is not open. */
struct file *fd_get(int fd);
/* Close every fd marked close-on-exec (for execve). */
void fd_close_on_exec(void);
/* The RLIMIT_NOFILE soft limit: fds are below it (default 1024). */
unsigned fd_get_limit(void);
/* Set it: 0, or -EPERM above the hard maximum (65536). */
int fd_set_limit(unsigned n);

/* Take a reference on f. */
void file_get(struct file *f);
/* Drop one; the last closes the file. */
void file_put(struct file *f);

/* Open an absolute path for a kernel caller (symlinks followed, O_* flags
 * as in open(2), no O_CREAT).  A new reference, or NULL with *err set. */
struct file *vfs_open_kernel(const char *path, int flags, long *err);
/* Read up to n bytes at offset off into kernel memory: bytes read (0 at end
 * of file) or -errno.  Does not move the file position. */
long vfs_pread_kernel(struct file *f, void *kbuf, size_t n, uint64_t off);
/* The whole contents as one contiguous kernel pointer if f is a regular file
 * still backed by the unmodified archive bytes (so the ELF loader can map
 * them without copying), with *size set; else NULL. */
const void *vfs_file_bytes(struct file *f, uint64_t *size);
/* Size of a regular file in bytes; -EINVAL for anything else. */
long vfs_file_size(struct file *f);
/* 0 if f may be executed (a regular file with an x bit), else -EACCES. */
int vfs_check_exec(struct file *f);
/* For MAP_SHARED: the kernel address of page idx of regular file f, a
 * private page from now on (made, or copied from the archive), which
 * writes and the mapping then share.  NULL with *err (-EINVAL if f is not
 * a regular file, -ENOSPC when the root is full, which a fault turns
 * into SIGBUS as on Linux, -ENOMEM).  Call vfs_file_map(f, 1) per shared
 * mapping (and -1 when it goes): while one exists, truncation zeroes pages
 * instead of freeing them.  A mapping should hold a file reference. */
void *vfs_file_page(struct file *f, uint64_t idx, long *err);
void vfs_file_map(struct file *f, int delta);
/* Whether f is the zero device (character device 1:5, /dev/zero), which
 * mmap maps as anonymous memory. */
int vfs_is_dev_zero(struct file *f);
/* The open flags of f as F_GETFL shows them (LX_O_ACCMODE bits, O_PATH,
 * O_APPEND...), e.g. for mmap's EACCES checks. */
int vfs_file_flags(struct file *f);
/* Read n (<= VFS_READ_PAGES) pages of f from offset off into the zeroed
 * frames (physical addresses), for the page faults of a private file
 * mapping: the bytes read (short at the end of the file) or -errno.  A
 * host file's come in one request, with no copy by the kernel; with
 * may_sleep the task sleeps while the host serves it (the caller then
 * holds nothing another task could change or free meanwhile). */
#define VFS_READ_PAGES 16
long vfs_read_pages(struct file *f, uint64_t off, const uint64_t *frames,
                    unsigned n, bool may_sleep);
/* Whether f's MAP_SHARED mappings may only be read (a host file: mmap
 * gives EINVAL to PROT_WRITE, as Linux's 9p without a cache does). */
bool vfs_file_map_readonly(struct file *f);

#endif
