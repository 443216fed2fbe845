/* SPDX-License-Identifier: MIT */
/*
 * The file system's system call handlers (syscall/fs*.c) with their real
 * parameter types.  The dispatch table calls them through a six-long
 * prototype; the unit test calls them directly.  Each returns its result
 * or -errno, as Linux does.
 */
#ifndef UK_FS_SYSCALLS_H
#define UK_FS_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

struct linux_iovec;
struct linux_pollfd;
struct linux_stat;
struct linux_statx;
struct linux_timespec;
struct linux_timeval;
struct linux_statfs;

/* syscall/fs.c: data */
long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_pread64(int fd, void *buf, size_t count, int64_t off);
long sys_pwrite64(int fd, const void *buf, size_t count, int64_t off);
long sys_readv(int fd, const struct linux_iovec *iov, int iovcnt);
long sys_writev(int fd, const struct linux_iovec *iov, int iovcnt);
long sys_preadv(int fd, const struct linux_iovec *iov, int iovcnt, int64_t off,
                long off_hi);
long sys_pwritev(int fd, const struct linux_iovec *iov, int iovcnt, int64_t off,
                 long off_hi);
long sys_lseek(int fd, int64_t off, int whence);
long sys_open(const char *path, int flags, unsigned mode);
long sys_openat(int dirfd, const char *path, int flags, unsigned mode);
long sys_creat(const char *path, unsigned mode);
long sys_close(int fd);
long sys_ftruncate(int fd, int64_t length);
long sys_truncate(const char *path, int64_t length);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_getdents64(int fd, void *dirp, size_t count);

/* syscall/fs_path.c: names */
long sys_stat(const char *path, struct linux_stat *st);
long sys_lstat(const char *path, struct linux_stat *st);
long sys_fstat(int fd, struct linux_stat *st);
long sys_newfstatat(int dirfd, const char *path, struct linux_stat *st,
                    int flags);
long sys_statx(int dirfd, const char *path, int flags, unsigned mask,
               struct linux_statx *stx);
long sys_access(const char *path, int mode);
long sys_faccessat(int dirfd, const char *path, int mode);
long sys_faccessat2(int dirfd, const char *path, int mode, int flags);
long sys_getcwd(char *buf, size_t size);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_mkdir(const char *path, unsigned mode);
long sys_mkdirat(int dirfd, const char *path, unsigned mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_unlinkat(int dirfd, const char *path, int flags);
long sys_rename(const char *oldpath, const char *newpath);
long sys_renameat(int olddirfd, const char *oldpath, int newdirfd,
                  const char *newpath);
long sys_renameat2(int olddirfd, const char *oldpath, int newdirfd,
                   const char *newpath, unsigned flags);
long sys_readlink(const char *path, char *buf, int size);
long sys_readlinkat(int dirfd, const char *path, char *buf, int size);
long sys_umask(unsigned mask);

/* syscall/fs_fd.c: descriptors */
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
long sys_pipe(int *fds);
long sys_pipe2(int *fds, int flags);
long sys_ioctl(int fd, unsigned cmd, unsigned long arg);
long sys_flock(int fd, int op);
long sys_fadvise64(int fd, int64_t off, int64_t len, int advice);
long sys_sendfile(int out_fd, int in_fd, int64_t *off, size_t count);

/* kernel/fs: epoll, eventfd, timerfd, signalfd (the syscalls' work;
 * -errno on failure) */
long epoll_create(int flags);
long epoll_ctl(int epfd, int op, int fd, const void *event);
/* Sleep until an entry reports, the monotonic deadline or a signal
 * (-EINTR); the reports go to the user's array. */
long epoll_wait(int epfd, void *events, int max, uint64_t deadline);
long eventfd_create(unsigned initval, int flags);
long timerfd_create(int clk, int flags);
long timerfd_settime(int fd, int flags, const void *unew, void *uold);
long timerfd_gettime(int fd, void *ucur);
long signalfd_create(int fd, const uint64_t *mask, uint64_t size, int flags);

/* syscall/fs_poll.c: waiting */
long sys_poll(struct linux_pollfd *fds, unsigned nfds, int timeout_ms);
long sys_ppoll(struct linux_pollfd *fds, unsigned nfds,
               struct linux_timespec *tsp, const uint64_t *sigmask,
               size_t sigsetsize);
long sys_select(int nfds, void *rd, void *wr, void *ex,
                struct linux_timeval *tv);
long sys_pselect6(int nfds, void *rd, void *wr, void *ex,
                  struct linux_timespec *tsp, const void *sig);

/* syscall/fs_attr.c: links and attributes */
long sys_symlink(const char *target, const char *path);
long sys_symlinkat(const char *target, int dirfd, const char *path);
long sys_link(const char *oldpath, const char *newpath);
long sys_linkat(int olddirfd, const char *oldpath, int newdirfd,
                const char *newpath, int flags);
long sys_mknod(const char *path, unsigned mode, unsigned dev);
long sys_mknodat(int dirfd, const char *path, unsigned mode, unsigned dev);
long sys_chmod(const char *path, unsigned mode);
long sys_fchmod(int fd, unsigned mode);
long sys_fchmodat(int dirfd, const char *path, unsigned mode);
long sys_chown(const char *path, unsigned uid, unsigned gid);
long sys_lchown(const char *path, unsigned uid, unsigned gid);
long sys_fchown(int fd, unsigned uid, unsigned gid);
long sys_fchownat(int dirfd, const char *path, unsigned uid, unsigned gid,
                  int flags);
long sys_utimensat(int dirfd, const char *path,
                   const struct linux_timespec *times, int flags);
long sys_statfs(const char *path, struct linux_statfs *buf);
long sys_fstatfs(int fd, struct linux_statfs *buf);
long sys_fallocate(int fd, int mode, int64_t off, int64_t len);
long sys_sync(void);
long sys_syncfs(int fd);

#endif
