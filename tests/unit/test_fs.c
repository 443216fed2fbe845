/* SPDX-License-Identifier: MIT */
/*
 * Unit test of kernel/fs and syscall/fs*.c on the host: the real sys_*
 * handlers, driven with ordinary pointers as "user" memory, checked
 * against Linux semantics.  Usage: test_fs [cpio corpus dir]
 */
#include "tests/unit/test_fs.h"

int t_pass, t_fail;

void fresh(void)
{
    fake_reset();
    EQ(vfs_init(NULL, 0), 0);
    EQ(fd_init_stdio(), 0);
}

long put_file(const char *path, const char *s)
{
    long fd = sys_open(path, LX_O_WRONLY | LX_O_CREAT | LX_O_TRUNC, 0644);
    if (fd < 0)
        return fd;
    long r = sys_write((int)fd, s, strlen(s));
    sys_close((int)fd);
    return r;
}

/* The contents of path as a string ("" on error), in a static buffer. */
const char *cat(const char *path)
{
    static char buf[256];
    long fd = sys_open(path, LX_O_RDONLY, 0);
    long n = fd < 0 ? 0 : sys_read((int)fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    if (fd >= 0)
        sys_close((int)fd);
    return buf;
}

static void test_open_flags(void)
{
    fresh();
    EQ(sys_chdir("/tmp"), 0);
    long fd = sys_creat("f", 0644);
    EQ(fd, 3);
    EQ(sys_write(3, "hello", 5), 5);
    char b[8];
    EQ(sys_read(3, b, 4), -EBADF);
    EQ(sys_close(3), 0);
    CHECK(strcmp(cat("f"), "hello") == 0);
    EQ(sys_open("f", LX_O_CREAT | LX_O_EXCL | LX_O_WRONLY, 0644), -EEXIST);
    EQ(sys_open("nope", LX_O_RDONLY, 0), -ENOENT);
    EQ(sys_open("nope/x", LX_O_RDONLY | LX_O_CREAT, 0644), -ENOENT);
    EQ(sys_open("f/x", LX_O_RDONLY, 0), -ENOTDIR);
    EQ(sys_open("f/", LX_O_RDONLY, 0), -ENOTDIR);
    EQ(sys_open("new/", LX_O_RDWR | LX_O_CREAT, 0644), -EISDIR);
    fd = sys_open("f", LX_O_WRONLY | LX_O_APPEND, 0);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_SET), 0);
    EQ(sys_write((int)fd, " world", 6), 6);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_CUR), 11);
    sys_close((int)fd);
    CHECK(strcmp(cat("f"), "hello world") == 0);
    fd = sys_open("f", LX_O_RDWR | LX_O_TRUNC, 0);
    EQ(sys_write((int)fd, "xy", 2), 2);
    long ro = sys_open("f", LX_O_RDONLY, 0);
    EQ(sys_write((int)ro, "z", 1), -EBADF);
    sys_close((int)ro);
    sys_close((int)fd);
    CHECK(strcmp(cat("f"), "xy") == 0);
    EQ(sys_open("f", LX_O_RDONLY | LX_O_DIRECTORY, 0), -ENOTDIR);
    long dfd = sys_open(".", LX_O_RDONLY | LX_O_DIRECTORY, 0);
    CHECK(dfd >= 0);
    EQ(sys_write((int)dfd, "x", 1), -EBADF);
    EQ(sys_read((int)dfd, b, 1), -EISDIR);
    EQ(sys_open(".", LX_O_WRONLY, 0), -EISDIR);
    EQ(sys_fcntl((int)dfd, LX_F_GETFD, 0), 0);
    fd = sys_openat((int)dfd, "f", LX_O_RDONLY | LX_O_CLOEXEC, 0);
    EQ(sys_fcntl((int)fd, LX_F_GETFD, 0), LX_FD_CLOEXEC);
    EQ(sys_fcntl((int)fd, LX_F_GETFL, 0), LX_O_LARGEFILE);
    sys_close((int)fd);
    EQ(sys_openat(999, "f", LX_O_RDONLY, 0), -EBADF);
    EQ(sys_openat(999, "/tmp/f", LX_O_RDONLY, 0) >= 0, 1);
    fd = sys_open("f", LX_O_RDONLY, 0);
    EQ(sys_openat((int)fd, "x", LX_O_RDONLY, 0), -ENOTDIR);
    EQ(sys_open("", LX_O_RDONLY, 0), -ENOENT);
    fd = sys_openat((int)dfd, "g", LX_O_CREAT | LX_O_RDWR, 0600);
    CHECK(fd >= 0);
    EQ(sys_unlinkat((int)dfd, "g", 0), 0);
    EQ(sys_unlink("f"), 0);
    EQ(sys_unlink("f"), -ENOENT);
    EQ(sys_open("x", LX_O_CREAT | LX_O_DIRECTORY, 0644), -EINVAL);
    /* umask applies to the mode of new files */
    EQ(sys_umask(077), 022);
    fd = sys_open("m", LX_O_CREAT | LX_O_WRONLY, 0666);
    struct linux_stat st;
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_mode, LX_S_IFREG | 0600);
    EQ(sys_umask(022), 077);
    /* O_TMPFILE: a file without a name */
    fd = sys_open("/tmp", LX_O_TMPFILE | LX_O_RDWR, 0600);
    CHECK(fd >= 0);
    EQ(sys_write((int)fd, "tmp", 3), 3);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_nlink, 0);
    EQ(sys_open("/tmp", LX_O_TMPFILE | LX_O_RDONLY, 0600), -EINVAL);
    /* O_PATH: no data, but fstat and use as a dirfd */
    fd = sys_open("/tmp", LX_O_PATH, 0);
    EQ(sys_read((int)fd, b, 1), -EBADF);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(sys_fcntl((int)fd, LX_F_GETFL, 0), LX_O_PATH);
    CHECK(sys_openat((int)fd, "m", LX_O_RDONLY, 0) >= 0);
}

static void test_rw(void)
{
    static char big[200000], back[200000];
    char buf[64];
    fresh();
    long fd = sys_open("/tmp/f", LX_O_RDWR | LX_O_CREAT | LX_O_TRUNC, 0644);
    struct linux_iovec wv[3] = {
        {(uint64_t) "abc", 3}, {0, 0}, {(uint64_t) "defghij", 7}};
    EQ(sys_writev((int)fd, wv, 3), 10);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_CUR), 10);
    EQ(sys_pwrite64((int)fd, "XY", 2, 2), 2);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_CUR), 10);
    memset(buf, 0, sizeof(buf));
    EQ(sys_pread64((int)fd, buf, sizeof(buf), 0), 10);
    CHECK(strcmp(buf, "abXYefghij") == 0);
    EQ(sys_pread64((int)fd, buf, 4, 10), 0);
    EQ(sys_pread64((int)fd, buf, 4, 100), 0);
    EQ(sys_pread64((int)fd, buf, 4, -1), -EINVAL);
    EQ(sys_lseek((int)fd, 1, LX_SEEK_SET), 1);
    char a[2] = {0}, b5[5] = {0};
    struct linux_iovec rv[2] = {{(uint64_t)a, 1}, {(uint64_t)b5, 4}};
    EQ(sys_readv((int)fd, rv, 2), 5);
    CHECK(a[0] == 'b' && memcmp(b5, "XYef", 4) == 0);
    EQ(sys_read((int)fd, buf, sizeof(buf)), 4);
    EQ(sys_read((int)fd, buf, sizeof(buf)), 0);
    EQ(sys_read((int)fd, buf, 0), 0);
    EQ(sys_writev((int)fd, wv, -1), -EINVAL);
    EQ(sys_readv((int)fd, rv, 1025), -EINVAL);
    EQ(sys_lseek((int)fd, -3, LX_SEEK_END), 7);
    EQ(sys_read((int)fd, buf, 3), 3);
    EQ(sys_lseek((int)fd, -100, LX_SEEK_CUR), -EINVAL);
    EQ(sys_lseek((int)fd, 0, 42), -EINVAL);
    sys_close((int)fd);
    EQ(sys_read((int)fd, buf, 1), -EBADF);
    EQ(sys_write((int)fd, "x", 1), -EBADF);
    EQ(sys_pread64(-1, buf, 1, 0), -EBADF);
    for (unsigned i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 7 + (i >> 9));
    fd = sys_open("/tmp/big", LX_O_RDWR | LX_O_CREAT | LX_O_TRUNC, 0600);
    EQ(sys_write((int)fd, big, sizeof(big)), sizeof(big));
    EQ(sys_pread64((int)fd, back, sizeof(back), 0), sizeof(back));
    CHECK(memcmp(big, back, sizeof(big)) == 0);
    /* unaligned read across many pages */
    memset(back, 0, sizeof(back));
    EQ(sys_pread64((int)fd, back, 100000, 4095), 100000);
    CHECK(memcmp(big + 4095, back, 100000) == 0);
    long ap = sys_open("/tmp/big", LX_O_WRONLY | LX_O_APPEND, 0);
    EQ(sys_pwrite64((int)ap, "z", 1, 0), 1);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_END), 200001);
    EQ(sys_fsync((int)fd), 0);
    sys_close((int)fd);
    EQ(sys_fsync((int)fd), -EBADF);
    /* a bad buffer: EFAULT only where nothing was copied (host: none) */
    EQ(sys_lseek(1, 0, LX_SEEK_SET), -ESPIPE);
}

static void test_sparse(void)
{
    struct linux_stat st;
    static char buf[1 << 20];
    fresh();
    long fd = sys_open("/tmp/s", LX_O_RDWR | LX_O_CREAT | LX_O_TRUNC, 0644);
    EQ(sys_lseek((int)fd, 1 << 20, LX_SEEK_SET), 1 << 20);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 0);
    EQ(sys_write((int)fd, "end", 3), 3);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, (1 << 20) + 3);
    EQ(st.st_blocks, 8); /* one page: the hole costs nothing */
    EQ(sys_pread64((int)fd, buf, sizeof(buf), 0), sizeof(buf));
    size_t nz = 0;
    for (size_t i = 0; i < sizeof(buf); i++)
        nz += buf[i] != 0;
    EQ(nz, 0);
    EQ(sys_pwrite64((int)fd, "mid", 3, 5000), 3);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_DATA), 4096);
    EQ(sys_lseek((int)fd, 4096, LX_SEEK_HOLE), 8192);
    EQ(sys_lseek((int)fd, 9000, LX_SEEK_DATA), 1 << 20);
    EQ(sys_lseek((int)fd, (1 << 20) + 3, LX_SEEK_DATA), -ENXIO);
    EQ(sys_ftruncate((int)fd, 4000), 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 4000);
    EQ(st.st_blocks, 0);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_CUR), 1 << 20); /* SEEK_DATA moved it */
    EQ(sys_ftruncate((int)fd, 10000), 0);
    memset(buf, 1, 20000);
    EQ(sys_pread64((int)fd, buf, 20000, 0), 10000);
    nz = 0;
    for (size_t i = 0; i < 10000; i++)
        nz += buf[i] != 0;
    EQ(nz, 0);
    /* shrink into a page, grow again: the old bytes must not come back */
    EQ(sys_pwrite64((int)fd, "abcdefgh", 8, 100), 8);
    EQ(sys_ftruncate((int)fd, 103), 0);
    EQ(sys_ftruncate((int)fd, 200), 0);
    memset(buf, 1, 200);
    EQ(sys_pread64((int)fd, buf, 200, 0), 200);
    CHECK(memcmp(buf + 100, "abc\0\0\0", 6) == 0);
    EQ(sys_ftruncate((int)fd, -1), -EINVAL);
    long ro = sys_open("/tmp/s", LX_O_RDONLY, 0);
    EQ(sys_ftruncate((int)ro, 0), -EINVAL);
    EQ(sys_ftruncate((int)sys_open("/tmp", LX_O_RDONLY, 0), 0), -EINVAL);
    EQ(sys_ftruncate(99, 0), -EBADF);
    EQ(sys_truncate("/tmp/s", 3), 0);
    EQ(sys_truncate("/tmp/none", 0), -ENOENT);
    EQ(sys_truncate("/tmp", 0), -EISDIR);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 3);
    /* a huge sparse file: no memory for the hole */
    EQ(sys_ftruncate((int)fd, 1LL << 50), 0);
    EQ(sys_pwrite64((int)fd, "x", 1, (1LL << 50) - 1), 1);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_blocks, 16);
    EQ(sys_pread64((int)fd, buf, 10, (1LL << 50) - 5), 5);
    CHECK(memcmp(buf, "\0\0\0\0x", 5) == 0);
    EQ(sys_lseek((int)fd, 4096, LX_SEEK_DATA), (1LL << 50) - 4096);
    EQ(sys_pwrite64((int)fd, "x", 1, INT64_MAX), -EFBIG);
}

static void test_fds(void)
{
    fresh();
    EQ(sys_dup(0), 3);
    EQ(sys_dup(42), -EBADF);
    EQ(sys_dup2(1, 10), 10);
    EQ(sys_dup2(10, 10), 10);
    EQ(sys_dup2(11, 11), -EBADF);
    EQ(sys_dup3(10, 10, 0), -EINVAL);
    EQ(sys_dup3(1, 12, 0x40), -EINVAL);
    EQ(sys_dup3(1, 12, LX_O_CLOEXEC), 12);
    EQ(sys_fcntl(12, LX_F_GETFD, 0), LX_FD_CLOEXEC);
    EQ(sys_fcntl(12, LX_F_SETFD, 0), 0);
    EQ(sys_fcntl(12, LX_F_GETFD, 0), 0);
    EQ(sys_fcntl(1, LX_F_DUPFD, 5), 5);
    EQ(sys_fcntl(1, LX_F_DUPFD_CLOEXEC, 5), 6);
    EQ(sys_fcntl(6, LX_F_GETFD, 0), LX_FD_CLOEXEC);
    EQ(sys_fcntl(1, LX_F_DUPFD, 1024), -EINVAL);
    EQ(sys_dup2(1, 1024), -EBADF);
    EQ(sys_fcntl(1, 9999, 0), -EINVAL);
    EQ(sys_fcntl(50, LX_F_GETFD, 0), -EBADF);
    /* dup shares the file position and status flags */
    put_file("/tmp/f", "0123456789");
    long fd = sys_open("/tmp/f", LX_O_RDWR, 0);
    long d = sys_dup((int)fd);
    char c;
    EQ(sys_read((int)fd, &c, 1), 1);
    EQ(sys_lseek((int)d, 0, LX_SEEK_CUR), 1);
    EQ(sys_fcntl((int)d, LX_F_SETFL, LX_O_APPEND | LX_O_NONBLOCK), 0);
    EQ(sys_fcntl((int)fd, LX_F_GETFL, 0),
       LX_O_RDWR | LX_O_APPEND | LX_O_NONBLOCK | LX_O_LARGEFILE);
    struct {
        int16_t type, whence;
        int64_t start, len;
        int32_t pid;
    } fl = {1, 0, 0, 0, 0};
    EQ(sys_fcntl((int)fd, LX_F_SETLK, (unsigned long)&fl), 0);
    EQ(sys_fcntl((int)fd, LX_F_GETLK, (unsigned long)&fl), 0);
    EQ(fl.type, 2);
    /* close-on-exec */
    fd_close_on_exec();
    EQ(sys_fcntl(6, LX_F_GETFD, 0), -EBADF);
    EQ(sys_fcntl(5, LX_F_GETFD, 0), 0);
    /* the fd limit */
    EQ(fd_set_limit(8), 0);
    EQ(sys_dup(0), 6);
    EQ(sys_dup(0), -EMFILE);
    EQ(sys_open("/tmp/f", LX_O_RDONLY, 0), -EMFILE);
    EQ(fd_set_limit(1024), 0);
    EQ(fd_set_limit(1 << 20), -EPERM);
}

static void test_kernel_api(void)
{
    long err = 0;
    char buf[16];
    fresh();
    put_file("/tmp/k", "kernel");
    struct file *f = vfs_open_kernel("/tmp/k", LX_O_RDONLY, &err);
    CHECK(f != NULL);
    EQ(vfs_file_size(f), 6);
    EQ(vfs_pread_kernel(f, buf, sizeof(buf), 2), 4);
    CHECK(memcmp(buf, "rnel", 4) == 0);
    uint64_t size;
    CHECK(vfs_file_bytes(f, &size) == NULL); /* not from the archive */
    EQ(vfs_check_exec(f), -EACCES);
    file_get(f);
    file_put(f);
    file_put(f);
    CHECK(vfs_open_kernel("/tmp/none", LX_O_RDONLY, &err) == NULL);
    EQ(err, -ENOENT);
    CHECK(vfs_open_kernel("tmp/k", LX_O_RDONLY, &err) == NULL);
    f = vfs_open_kernel("/tmp", LX_O_RDONLY, &err);
    EQ(vfs_file_size(f), -EINVAL);
    file_put(f);
    CHECK(fd_get(1) != NULL && fd_get(3) == NULL && fd_get(-1) == NULL);
}

int main(int argc, char **argv)
{
    test_open_flags();
    test_rw();
    test_sparse();
    test_tree();
    test_fds();
    test_kernel_api();
    test_dev();
    test_cpio();
    test_space();
    if (argc > 1)
        test_corpus(argv[1]);
    vfs_fini();
    printf("test_fs: %d passed, %d failed\n", t_pass, t_fail);
    return t_fail != 0;
}
