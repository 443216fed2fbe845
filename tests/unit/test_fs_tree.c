/* SPDX-License-Identifier: MIT */
/* Unit test, part 2: the tree.  rename, unlink, directories, symlinks,
 * hard links and attributes. */
#include "tests/unit/test_fs.h"

static void test_rename(void)
{
    struct linux_stat st;
    fresh();
    EQ(sys_chdir("/tmp"), 0);
    put_file("a", "AAA");
    put_file("b", "BBB");
    EQ(sys_rename("a", "c"), 0);
    EQ(sys_open("a", LX_O_RDONLY, 0), -ENOENT);
    CHECK(strcmp(cat("c"), "AAA") == 0);
    EQ(sys_rename("c", "b"), 0);
    CHECK(strcmp(cat("b"), "AAA") == 0);
    put_file("a", "new");
    EQ(sys_renameat2(LX_AT_FDCWD, "a", LX_AT_FDCWD, "b", LX_RENAME_NOREPLACE),
       -EEXIST);
    EQ(sys_renameat2(LX_AT_FDCWD, "a", LX_AT_FDCWD, "n", LX_RENAME_NOREPLACE),
       0);
    EQ(sys_renameat2(LX_AT_FDCWD, "n", LX_AT_FDCWD, "m", 0x100), -EINVAL);
    EQ(sys_renameat2(LX_AT_FDCWD, "n", LX_AT_FDCWD, "m", 3), -EINVAL);
    EQ(sys_rename("missing", "x"), -ENOENT);
    EQ(sys_rename("n", "nodir/x"), -ENOENT);
    EQ(sys_rename("n", "n"), 0);
    EQ(sys_mkdir("d", 0755), 0);
    EQ(sys_mkdir("e", 0755), 0);
    put_file("e/f", "F");
    EQ(sys_rename("n", "d"), -EISDIR);
    EQ(sys_rename("d", "n"), -ENOTDIR);
    EQ(sys_rename("d", "e"), -ENOTEMPTY);
    EQ(sys_rename("d", "d/sub"), -EINVAL);
    EQ(sys_rename("e/f", "e"), -ENOTEMPTY);
    EQ(sys_rename("n/", "x"), -ENOTDIR);
    EQ(sys_rename(".", "x"), -EBUSY);
    EQ(sys_rename("e", "g"), 0);
    CHECK(strcmp(cat("g/f"), "F") == 0);
    EQ(sys_mkdir("h", 0755), 0);
    EQ(sys_stat("/tmp", &st), 0);
    EQ(st.st_nlink, 2 + 3);
    EQ(sys_rename("d", "h"), 0);
    EQ(sys_stat("d", &st), -ENOENT);
    EQ(sys_stat("/tmp", &st), 0);
    EQ(st.st_nlink, 2 + 2);
    EQ(sys_rename("g/f", "h/f"), 0);
    long fd = sys_open("h/f", LX_O_RDONLY, 0);
    EQ(sys_rename("h/f", "b"), 0);
    char buf[8] = {0};
    EQ(sys_read((int)fd, buf, 7), 1);
    CHECK(strcmp(buf, "F") == 0);
    CHECK(strcmp(cat("b"), "F") == 0);
    /* exchange a file and a directory */
    EQ(sys_renameat2(LX_AT_FDCWD, "b", LX_AT_FDCWD, "h", LX_RENAME_EXCHANGE),
       0);
    EQ(sys_stat("b", &st), 0);
    CHECK(VFS_ISDIR(st.st_mode));
    CHECK(strcmp(cat("h"), "F") == 0);
    EQ(sys_renameat2(LX_AT_FDCWD, "b", LX_AT_FDCWD, "zz", LX_RENAME_EXCHANGE),
       -ENOENT);
    /* a moved directory keeps its contents and its getcwd path */
    EQ(sys_mkdir("b/in", 0755), 0);
    EQ(sys_chdir("b/in"), 0);
    EQ(sys_rename("/tmp/b", "/tmp/moved"), 0);
    char cwd[64];
    EQ(sys_getcwd(cwd, sizeof(cwd)), 14);
    CHECK(strcmp(cwd, "/tmp/moved/in") == 0);
}

static void test_unlink_open(void)
{
    struct linux_stat st;
    char buf[16] = {0};
    fresh();
    put_file("/tmp/u", "still here");
    long fd = sys_open("/tmp/u", LX_O_RDWR, 0);
    EQ(sys_unlink("/tmp/u"), 0);
    EQ(sys_stat("/tmp/u", &st), -ENOENT);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_nlink, 0);
    EQ(sys_read((int)fd, buf, sizeof(buf)), 10);
    CHECK(strcmp(buf, "still here") == 0);
    EQ(sys_pwrite64((int)fd, "S", 1, 0), 1);
    long fd2 = sys_dup((int)fd);
    EQ(sys_close((int)fd), 0);
    EQ(sys_pread64((int)fd2, buf, 5, 0), 5);
    CHECK(memcmp(buf, "Still", 5) == 0);
    EQ(sys_close((int)fd2), 0);
    /* hard links keep the data alive too */
    put_file("/tmp/h1", "link");
    EQ(sys_link("/tmp/h1", "/tmp/h2"), 0);
    EQ(sys_stat("/tmp/h2", &st), 0);
    EQ(st.st_nlink, 2);
    EQ(sys_link("/tmp/h1", "/tmp/h2"), -EEXIST);
    EQ(sys_link("/tmp", "/tmp/dirlink"), -EPERM);
    EQ(sys_unlink("/tmp/h1"), 0);
    CHECK(strcmp(cat("/tmp/h2"), "link") == 0);
    EQ(sys_stat("/tmp/h2", &st), 0);
    EQ(st.st_nlink, 1);
}

/* Names in a directory, listed with a small buffer, sorted, joined. */
static const char *list(const char *path, size_t bufsize)
{
    static char out[4096];
    char buf[512], *names[128];
    int n = 0;
    long fd = sys_open(path, LX_O_RDONLY | LX_O_DIRECTORY, 0), r;
    while ((r = sys_getdents64((int)fd, buf, bufsize)) > 0) {
        for (long off = 0; off < r;) {
            struct linux_dirent64 *d = (void *)(buf + off);
            if (n < 128)
                names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
    }
    sys_close((int)fd);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, names[i]);
        free(names[i]);
    }
    return out;
}

static void test_dirs(void)
{
    struct linux_stat st;
    char buf[512], name[64];
    fresh();
    CHECK(strcmp(list("/", 512), ". .. dev proc tmp") == 0);
    EQ(sys_stat("/tmp", &st), 0);
    EQ(st.st_mode, LX_S_IFDIR | 01777);
    EQ(sys_chdir("/tmp"), 0);
    EQ(sys_mkdir("a", 0755), 0);
    EQ(sys_mkdir("a", 0755), -EEXIST);
    EQ(sys_mkdir("x/y", 0755), -ENOENT);
    EQ(sys_mkdirat(LX_AT_FDCWD, "a/b", 0755), 0);
    EQ(sys_mkdir("a/c/", 0755), 0);
    EQ(sys_mkdir("/", 0755), -EEXIST);
    put_file("a/file", "");
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof(name), "a/entry-with-a-longish-name-%02d", i);
        put_file(name, "");
    }
    const char *l = list("a", 100);
    CHECK(strncmp(l, ". .. b c entry-with-a-longish-name-00 ", 38) == 0);
    CHECK(strstr(l, "-29 file") != NULL);
    EQ(sys_getdents64((int)sys_open("a", LX_O_RDONLY, 0), buf, 10), -EINVAL);
    EQ(sys_rmdir("a"), -ENOTEMPTY);
    EQ(sys_rmdir("a/file"), -ENOTDIR);
    EQ(sys_unlink("a/b"), -EISDIR);
    EQ(sys_rmdir("."), -EINVAL);
    EQ(sys_rmdir(".."), -ENOTEMPTY);
    EQ(sys_rmdir("/"), -EBUSY);
    EQ(sys_rmdir("missing"), -ENOENT);
    EQ(sys_unlink("."), -EISDIR);
    EQ(sys_getdents64((int)sys_open("a/file", LX_O_RDONLY, 0), buf, 512),
       -ENOTDIR);
    EQ(sys_getdents64(99, buf, 512), -EBADF);
    EQ(sys_unlinkat(LX_AT_FDCWD, "a/b", 0x1), -EINVAL);
    /* entries removed while listing: the rest still comes once */
    long fd = sys_open("a", LX_O_RDONLY | LX_O_DIRECTORY, 0);
    long r = sys_getdents64((int)fd, buf, 100);
    CHECK(r > 0);
    EQ(sys_unlink("a/entry-with-a-longish-name-05"), 0);
    int seen = 0;
    while ((r = sys_getdents64((int)fd, buf, sizeof(buf))) > 0)
        for (long off = 0; off < r;
             off += ((struct linux_dirent64 *)(buf + off))->d_reclen)
            seen++;
    CHECK(seen > 20);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_SET), 0);
    r = sys_getdents64((int)fd, buf, sizeof(buf));
    CHECK(r > 0 && strcmp(((struct linux_dirent64 *)buf)->d_name, ".") == 0);
    EQ(((struct linux_dirent64 *)buf)->d_type, LX_DT_DIR);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_END), -EINVAL);
    sys_close((int)fd);
    EQ(sys_chdir("a"), 0);
    char cwd[64];
    EQ(sys_getcwd(cwd, sizeof(cwd)), 7);
    CHECK(strcmp(cwd, "/tmp/a") == 0);
    EQ(sys_getcwd(cwd, 1), -ERANGE);
    EQ(sys_chdir("file"), -ENOTDIR);
    EQ(sys_chdir("missing"), -ENOENT);
    fd = sys_open("b", LX_O_RDONLY | LX_O_DIRECTORY, 0);
    EQ(sys_fchdir((int)fd), 0);
    EQ(sys_getcwd(cwd, sizeof(cwd)), 9);
    CHECK(strcmp(cwd, "/tmp/a/b") == 0);
    EQ(sys_chdir("../.."), 0);
    EQ(sys_getcwd(cwd, sizeof(cwd)), 5);
    EQ(sys_fchdir((int)sys_open("a/file", LX_O_RDONLY, 0)), -ENOTDIR);
    EQ(sys_stat("a", &st), 0);
    EQ(st.st_nlink, 4);
    /* the cwd removed under us */
    EQ(sys_chdir("a/b"), 0);
    EQ(sys_rmdir("/tmp/a/b"), 0);
    EQ(sys_getcwd(cwd, sizeof(cwd)), -ENOENT);
    EQ(sys_open("new", LX_O_CREAT | LX_O_RDWR, 0644), -ENOENT);
    EQ(sys_mkdir("sub", 0755), -ENOENT);
    EQ(sys_getdents64((int)sys_open(".", LX_O_RDONLY, 0), buf, 512), -ENOENT);
    EQ(sys_chdir(".."), 0);
    EQ(sys_getcwd(cwd, sizeof(cwd)), 7);
    /* path limits */
    memset(name, 'n', sizeof(name));
    char longname[300];
    memset(longname, 'x', 256);
    longname[256] = 0;
    EQ(sys_mkdir(longname, 0755), -ENAMETOOLONG);
    longname[255] = 0;
    EQ(sys_mkdir(longname, 0755), 0);
    static char longpath[5000];
    memset(longpath, 'a', 4096);
    longpath[4096] = 0;
    EQ(sys_stat(longpath, &st), -ENAMETOOLONG);
}

static void test_symlinks(void)
{
    struct linux_stat st;
    char buf[64];
    fresh();
    EQ(sys_chdir("/tmp"), 0);
    put_file("f", "data");
    EQ(sys_symlink("f", "l"), 0);
    EQ(sys_symlink("f", "l"), -EEXIST);
    EQ(sys_symlink("", "e"), -ENOENT);
    EQ(sys_readlink("l", buf, sizeof(buf)), 1);
    EQ(buf[0], 'f');
    EQ(sys_readlink("l", buf, 0), -EINVAL);
    EQ(sys_readlink("f", buf, sizeof(buf)), -EINVAL);
    EQ(sys_lstat("l", &st), 0);
    CHECK(VFS_ISLNK(st.st_mode));
    EQ(st.st_size, 1);
    EQ(sys_stat("l", &st), 0);
    CHECK(VFS_ISREG(st.st_mode));
    EQ(sys_newfstatat(LX_AT_FDCWD, "l", &st, LX_AT_SYMLINK_NOFOLLOW), 0);
    CHECK(VFS_ISLNK(st.st_mode));
    EQ(sys_newfstatat(LX_AT_FDCWD, "f", &st, 0x40000000), -EINVAL);
    CHECK(strcmp(cat("l"), "data") == 0);
    EQ(sys_open("l", LX_O_RDONLY | LX_O_NOFOLLOW, 0), -ELOOP);
    EQ(sys_symlink("loop2", "loop1"), 0);
    EQ(sys_symlink("loop1", "loop2"), 0);
    EQ(sys_open("loop1", LX_O_RDONLY, 0), -ELOOP);
    EQ(sys_lstat("loop1", &st), 0);
    /* dangling: O_CREAT makes the target, O_EXCL refuses */
    EQ(sys_symlink("target", "dangle"), 0);
    EQ(sys_stat("dangle", &st), -ENOENT);
    EQ(sys_open("dangle", LX_O_CREAT | LX_O_EXCL | LX_O_WRONLY, 0644), -EEXIST);
    CHECK(sys_open("dangle", LX_O_CREAT | LX_O_WRONLY, 0644) >= 0);
    EQ(sys_stat("target", &st), 0);
    /* directories through links, absolute and relative */
    EQ(sys_mkdir("d", 0755), 0);
    put_file("d/in", "inside");
    EQ(sys_symlink("/tmp/d", "abs"), 0);
    EQ(sys_symlink("d/", "rel"), 0);
    CHECK(strcmp(cat("abs/in"), "inside") == 0);
    CHECK(strcmp(cat("rel/in"), "inside") == 0);
    EQ(sys_lstat("abs/", &st), 0);
    CHECK(VFS_ISDIR(st.st_mode));
    EQ(sys_unlink("abs/"), -EISDIR);
    EQ(sys_chdir("abs"), 0);
    char cwd[64];
    EQ(sys_getcwd(cwd, sizeof(cwd)), 7);
    CHECK(strcmp(cwd, "/tmp/d") == 0);
    EQ(sys_unlink("/tmp/abs"), 0);
    EQ(sys_stat("/tmp/d", &st), 0);
    /* stat through fstatat with an empty path */
    long fd = sys_open("/tmp/f", LX_O_RDONLY, 0);
    EQ(sys_newfstatat((int)fd, "", &st, LX_AT_EMPTY_PATH), 0);
    EQ(st.st_size, 4);
    EQ(sys_newfstatat((int)fd, "", &st, 0), -ENOENT);
    struct linux_statx sx;
    EQ(sys_statx(LX_AT_FDCWD, "/tmp/f", 0, LX_STATX_BASIC_STATS, &sx), 0);
    EQ(sx.stx_size, 4);
    EQ(sx.stx_nlink, 1);
    EQ(sx.stx_mask & 0x7ff, 0x7ff);
    EQ(sys_statx(LX_AT_FDCWD, "/tmp/l", LX_AT_SYMLINK_NOFOLLOW,
                 LX_STATX_BASIC_STATS, &sx),
       0);
    CHECK(VFS_ISLNK(sx.stx_mode));
    EQ(sys_statx(LX_AT_FDCWD, "/tmp/f", 0x7fffffff, 0x7ff, &sx), -EINVAL);
    EQ(sys_statx(LX_AT_FDCWD, "/tmp/missing", 0, 0x7ff, &sx), -ENOENT);
    EQ(sys_stat("/tmp/f/x", &st), -ENOTDIR);
}

static void test_attrs(void)
{
    struct linux_stat st, st2;
    fresh();
    put_file("/tmp/f", "x");
    EQ(sys_access("/tmp/f", 0), 0);
    EQ(sys_access("/tmp/f", 6), 0);
    EQ(sys_access("/tmp/f", 1), -EACCES);
    EQ(sys_access("/tmp", 1), 0);
    EQ(sys_access("/tmp/none", 0), -ENOENT);
    EQ(sys_access("/tmp/f", 8), -EINVAL);
    EQ(sys_faccessat2(LX_AT_FDCWD, "/tmp/f", 0, 0x10000), -EINVAL);
    EQ(sys_chmod("/tmp/f", 0755), 0);
    EQ(sys_access("/tmp/f", 1), 0);
    long fd = sys_open("/tmp/f", LX_O_RDONLY, 0);
    EQ(sys_fchmod((int)fd, 04751), 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_mode, LX_S_IFREG | 04751);
    EQ(sys_fchown((int)fd, 1000, -1), 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_uid, 1000);
    EQ(st.st_mode, LX_S_IFREG | 0751);
    uint64_t before = st.st_mtim.tv_sec * 1000000000ULL + st.st_mtim.tv_nsec;
    EQ(sys_pwrite64((int)sys_open("/tmp/f", LX_O_WRONLY, 0), "y", 1, 5), 1);
    EQ(sys_fstat((int)fd, &st2), 0);
    CHECK(st2.st_mtim.tv_sec * 1000000000ULL + st2.st_mtim.tv_nsec > before);
    EQ(st2.st_size, 6);
    struct linux_timespec ts[2] = {{100, 5}, {200, LX_UTIME_OMIT}};
    EQ(sys_utimensat(LX_AT_FDCWD, "/tmp/f", ts, 0), 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_atim.tv_sec, 100);
    EQ(st.st_atim.tv_nsec, 5);
    EQ(st.st_mtim.tv_sec, st2.st_mtim.tv_sec);
    CHECK(st.st_ino != st2.st_ino || st.st_dev == st2.st_dev);
    struct linux_statfs sf;
    EQ(sys_statfs("/tmp", &sf), 0);
    EQ(sf.f_type, LX_TMPFS_MAGIC);
    EQ(sys_fstatfs((int)sys_open("/proc", LX_O_RDONLY, 0), &sf), 0);
    EQ(sf.f_type, LX_PROC_SUPER_MAGIC);
    EQ(sys_mknod("/tmp/fifo", LX_S_IFIFO | 0644, 0), 0);
    EQ(sys_stat("/tmp/fifo", &st), 0);
    EQ(st.st_mode, LX_S_IFIFO | 0644);
    EQ(sys_mknod("/tmp/chr", LX_S_IFCHR | 0644, 0x103), 0);
    long nfd = sys_open("/tmp/chr", LX_O_RDWR, 0);
    EQ(sys_write((int)nfd, "abc", 3), 3); /* it is /dev/null */
    EQ(sys_mknod("/tmp/blk", LX_S_IFBLK | 0644, 0x800), 0);
    EQ(sys_open("/tmp/blk", LX_O_RDWR, 0), -ENXIO);
    EQ(sys_mknod("/tmp/blk", LX_S_IFREG | 0644, 0), -EEXIST);
    EQ(sys_fallocate((int)fd, 0, 0, 100), -EBADF);
    long w = sys_open("/tmp/f", LX_O_RDWR, 0);
    EQ(sys_fallocate((int)w, 0, 0, 100), 0);
    EQ(sys_fstat((int)w, &st), 0);
    EQ(st.st_size, 100);
    EQ(sys_flock((int)w, 2), 0);
    EQ(sys_flock((int)w, 3), -EINVAL);
}

void test_tree(void)
{
    test_rename();
    test_unlink_open();
    test_dirs();
    test_symlinks();
    test_attrs();
}
