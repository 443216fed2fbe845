/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the test programs. Every program prints what it observes,
 * one fact per line, so that its output as a native Linux process can be
 * compared byte for byte with its output under the unikernel. Print nothing
 * that differs between two native runs (addresses, pids, inode numbers, times).
 * Builds with musl-gcc (no kernel headers) and glibc, so Linux constants that
 * live only in <linux/...> are defined here.
 */
#ifndef T_H
#define T_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Returns the symbolic name of errno value e ("E?" when unknown). */
static inline const char *t_errname(int e)
{
    switch (e) {
#define E_(x) case x: return #x;
    E_(EPERM) E_(ENOENT) E_(ESRCH) E_(EINTR) E_(EIO) E_(ENXIO) E_(E2BIG)
    E_(ENOEXEC) E_(EBADF) E_(ECHILD) E_(EAGAIN) E_(ENOMEM) E_(EACCES)
    E_(EFAULT) E_(EBUSY) E_(EEXIST) E_(EXDEV) E_(ENODEV) E_(ENOTDIR)
    E_(EISDIR) E_(EINVAL) E_(ENFILE) E_(EMFILE) E_(ENOTTY) E_(EFBIG)
    E_(ENOSPC) E_(ESPIPE) E_(EROFS) E_(EMLINK) E_(EPIPE) E_(ERANGE)
    E_(EDEADLK) E_(ENAMETOOLONG) E_(ENOSYS) E_(ENOTEMPTY) E_(ELOOP)
    E_(ETIMEDOUT) E_(EOVERFLOW) E_(EOPNOTSUPP) E_(ENOTSOCK) E_(ECANCELED)
    E_(EOWNERDEAD) E_(ENOTRECOVERABLE)
#undef E_
    }
    return "E?";
}

/* Prints "label = r", or "label = -1 ENAME(n)" when r < 0; returns r. */
static inline long t_show(const char *label, long r, int e)
{
    if (r < 0)
        printf("%s = %ld %s(%d)\n", label, r, t_errname(e), e);
    else
        printf("%s = %ld\n", label, r);
    return r;
}

/* Like t_show, but prints "ok" for any r >= 0 (fds, addresses, sizes). */
static inline long t_ok(const char *label, long r, int e)
{
    if (r < 0)
        printf("%s = %ld %s(%d)\n", label, r, t_errname(e), e);
    else
        printf("%s = ok\n", label);
    return r;
}

/* T: evaluate a call, print its value or errno. TOK: same, value hidden. */
#define T(label, expr) ({ long t_r_ = (long)(expr); t_show(label, t_r_, errno); })
#define TOK(label, expr) ({ long t_r_ = (long)(expr); t_ok(label, t_r_, errno); })
/* Print a yes/no fact. */
#define FACT(label, cond) printf("%s: %s\n", label, (cond) ? "yes" : "no")

/* A fresh private directory under /tmp: created, entered, and removed. */
static char t_dir[32];
static inline void t_tmp_enter(void)
{
    strcpy(t_dir, "/tmp/ukt.XXXXXX");
    if (!mkdtemp(t_dir) || chdir(t_dir) != 0) {
        printf("tmpdir: %s\n", t_errname(errno));
        exit(99);
    }
}
/* Leaves and removes the directory; it must be empty by now. */
static inline void t_tmp_leave(void)
{
    if (chdir("/") != 0 || rmdir(t_dir) != 0)
        printf("tmpdir cleanup: %s\n", t_errname(errno));
}

/* Stdout is line buffered, so output survives a fatal signal. */
__attribute__((constructor)) static void t_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
}

#endif
