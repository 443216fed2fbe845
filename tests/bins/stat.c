/* SPDX-License-Identifier: MIT */
/* stat/fstat/lstat/fstatat/statx: the portable fields only (type, size,
 * nlink, permission bits, time ordering). */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

struct sx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct sx {     /* struct statx, as the Linux ABI lays it out */
    uint32_t mask, blksize; uint64_t attributes;
    uint32_t nlink, uid, gid; uint16_t mode, pad1; uint64_t ino, size, blocks;
    uint64_t attributes_mask; struct sx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor; uint64_t spare[14];
};
#define SX_BASIC 0x7ffu

static void show(const char *what, int r, struct stat *st)
{
    if (r != 0) {
        printf("%s = -1 %s\n", what, t_errname(errno));
        return;
    }
    const char *type = S_ISREG(st->st_mode) ? "reg" : S_ISDIR(st->st_mode) ?
        "dir" : S_ISLNK(st->st_mode) ? "lnk" : S_ISCHR(st->st_mode) ? "chr" : "?";
    /* a directory's size depends on the file system: not printed */
    printf("%s: %s size %lld nlink %lu mode %04o blksize>0 %d\n", what, type,
           S_ISDIR(st->st_mode) ? -1ll : (long long)st->st_size,
           (unsigned long)st->st_nlink, (unsigned)st->st_mode & 07777,
           st->st_blksize > 0);
}

int main(void)
{
    struct stat st, st2;
    t_tmp_enter();
    umask(0);
    time_t before = time(NULL);
    int fd = open("f", O_RDWR | O_CREAT, 0640);
    write(fd, "12345", 5);
    show("stat f", stat("f", &st), &st);
    FACT("mtime within 5 s of time()", st.st_mtime >= before - 5 &&
         st.st_mtime <= before + 5);
    show("fstat f", fstat(fd, &st), &st);
    T("symlink", symlink("f", "l"));
    show("lstat l", lstat("l", &st), &st);
    show("stat l", stat("l", &st), &st);
    show("fstatat l nofollow", fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW), &st);
    show("fstatat empty path", fstatat(fd, "", &st, AT_EMPTY_PATH), &st);
    show("fstatat bad flag", fstatat(AT_FDCWD, "f", &st, 0x40000000), &st);
    show("stat missing", stat("missing", &st), &st);
    show("stat f/x", stat("f/x", &st), &st);
    T("link", link("f", "h"));
    show("stat h", stat("h", &st), &st);
    T("chmod 0600", chmod("f", 0600));
    T("fchmod 4755", fchmod(fd, 04755));
    show("fstat", fstat(fd, &st), &st);
    T("mkdir d 0751", mkdir("d", 0751));
    show("stat d", stat("d", &st), &st);
    FACT("dir ino/dev differ from file", stat("f", &st2) == 0 &&
         (st.st_ino != st2.st_ino || st.st_dev != st2.st_dev));
    FACT("link shares inode", stat("h", &st) == 0 && st.st_ino == st2.st_ino);
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    pwrite(fd, "more", 4, 5);
    fstat(fd, &st);
    FACT("mtime not older after write",
         st.st_mtim.tv_sec > st2.st_mtim.tv_sec ||
         (st.st_mtim.tv_sec == st2.st_mtim.tv_sec &&
          st.st_mtim.tv_nsec >= st2.st_mtim.tv_nsec));
    struct sx sx;
    memset(&sx, 0, sizeof sx);
    T("statx f", syscall(SYS_statx, AT_FDCWD, "f", 0, SX_BASIC, &sx));
    printf("statx: mask has basic %d reg %d size %llu nlink %u mode %04o\n",
           (sx.mask & 0x1f) == 0x1f, S_ISREG(sx.mode),
           (unsigned long long)sx.size, sx.nlink, sx.mode & 07777u);
    FACT("statx mtime == stat mtime", sx.mtime.tv_sec == st.st_mtim.tv_sec &&
         sx.mtime.tv_nsec == (uint32_t)st.st_mtim.tv_nsec);
    T("statx l nofollow", syscall(SYS_statx, AT_FDCWD, "l",
                                  AT_SYMLINK_NOFOLLOW, SX_BASIC, &sx));
    printf("statx: lnk %d size %llu\n", S_ISLNK(sx.mode),
           (unsigned long long)sx.size);
    T("statx missing", syscall(SYS_statx, AT_FDCWD, "missing", 0, SX_BASIC, &sx));
    T("statx bad flags", syscall(SYS_statx, AT_FDCWD, "f", 0x7fffffff, SX_BASIC, &sx));
    close(fd);
    unlink("f"), unlink("l"), unlink("h"), rmdir("d");
    t_tmp_leave();
    return 0;
}
