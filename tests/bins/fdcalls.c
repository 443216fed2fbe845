/* SPDX-License-Identifier: MIT */
/*
 * File calls no other test makes: preadv and pwritev (positions, iovecs
 * of several pieces, the file position left alone), posix_fadvise (its
 * errors), syncfs, faccessat2 (AT_EACCESS, AT_SYMLINK_NOFOLLOW, bad
 * flags), pselect6 (a ready pipe, a timeout, a sigmask), fchown and
 * lchown to the caller's own ids, and personality's query.
 */
#define _GNU_SOURCE
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void)
{
    char name[64], link[64];
    snprintf(name, sizeof name, "/tmp/fdcalls.%d", (int)getpid());
    snprintf(link, sizeof link, "/tmp/fdcalls.%d.l", (int)getpid());
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0640);

    char a[] = "hello ", b[] = "vectored ", c[] = "world";
    struct iovec w[3] = {{a, 6}, {b, 9}, {c, 5}};
    T("pwritev at 10", pwritev(fd, w, 3, 10));
    T("  position after", lseek(fd, 0, SEEK_CUR));
    char x[8] = {0}, y[32] = {0};
    struct iovec r[2] = {{x, 7}, {y, 31}};
    T("preadv at 8", preadv(fd, r, 2, 8));
    printf("  pieces: [%d %d] \"%.5s\" \"%s\"\n", x[0], x[1], x + 2, y);
    T("preadv past the end", preadv(fd, r, 2, 1000));
    T("preadv at a negative offset", preadv(fd, r, 2, -1));
    T("pwritev of no iovecs", pwritev(fd, w, 0, 0));
    int p[2];
    pipe(p);
    T("preadv of a pipe", preadv(p[0], r, 2, 0));

    T("posix_fadvise WILLNEED (returns the error)", posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED));
    T("posix_fadvise bad advice", posix_fadvise(fd, 0, 0, 99));
    T("posix_fadvise negative length", posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL));
    T("posix_fadvise bad fd", posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL));
    T("posix_fadvise of a pipe", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL));

    T("syncfs", syncfs(fd));
    T("syncfs bad fd", syncfs(99));

    T("symlink", symlink(name, link));
    T("faccessat2 R_OK|W_OK", syscall(SYS_faccessat2, AT_FDCWD, name, R_OK | W_OK, 0));
    T("faccessat2 AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, name, R_OK, AT_EACCESS));
    T("faccessat2 AT_SYMLINK_NOFOLLOW on the link", syscall(SYS_faccessat2, AT_FDCWD, link, F_OK, AT_SYMLINK_NOFOLLOW));
    T("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, name, F_OK, 0x1));
    T("faccessat2 bad mode", syscall(SYS_faccessat2, AT_FDCWD, name, 8, 0));
    T("faccessat2 AT_EMPTY_PATH on the fd", syscall(SYS_faccessat2, fd, "", F_OK, AT_EMPTY_PATH));
    T("faccessat2 missing", syscall(SYS_faccessat2, AT_FDCWD, "/tmp/fdcalls-none", F_OK, 0));

    write(p[1], "x", 1);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timespec ts = {0, 0};
    sigset_t m;
    sigemptyset(&m);
    T("pselect on a ready pipe", pselect(p[0] + 1, &rs, NULL, NULL, &ts, &m));
    printf("  still set: %d\n", FD_ISSET(p[0], &rs));
    char ch;
    read(p[0], &ch, 1);
    FD_SET(p[0], &rs);
    ts.tv_nsec = 20000000;
    T("pselect timing out", pselect(p[0] + 1, &rs, NULL, NULL, &ts, &m));
    printf("  still set: %d\n", FD_ISSET(p[0], &rs));
    ts.tv_nsec = -1;
    T("pselect bad timeout", pselect(p[0] + 1, &rs, NULL, NULL, &ts, NULL));

    T("fchown to one's own ids", fchown(fd, getuid(), getgid()));
    T("fchown -1 -1", fchown(fd, -1, -1));
    T("fchown bad fd", fchown(99, 0, 0));
    T("lchown the link to one's own ids", lchown(link, getuid(), getgid()));
    T("lchown missing", lchown("/tmp/fdcalls-none", 0, 0));
    T("fchownat AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, link, -1, -1, AT_SYMLINK_NOFOLLOW));
    T("fchownat bad flags", fchownat(AT_FDCWD, link, -1, -1, 0x4));

    T("personality query", personality(0xffffffff));
    unlink(link);
    unlink(name);
    return 0;
}
