/* SPDX-License-Identifier: MIT */
/* Unit test, part 5: the root's size and inode limits (kernel/fs/space.c)
 * and a console that works with no memory left. */
#include "tests/unit/test_fs.h"

#define PG 4096

static char page[3 * PG];

static struct ramfs_space usage(void)
{
    struct ramfs_space s;
    ramfs_space_get(&s);
    return s;
}

/* A fresh root with room for n more pages and plenty of inodes. */
static void fresh_pages(uint64_t n)
{
    fresh();
    ramfs_space_set_max(usage().used_pages + n, 1000);
}

static long blocks_of(int fd)
{
    struct linux_stat st;
    return sys_fstat(fd, &st) == 0 ? st.st_blocks : -1;
}

static void test_pages(void)
{
    struct linux_statfs sf;
    fresh_pages(10);
    uint64_t base = usage().used_pages;
    long fd = sys_open("/tmp/f", LX_O_CREAT | LX_O_RDWR, 0644);
    EQ(usage().used_pages, base); /* an empty file costs no page */
    for (int i = 0; i < 9; i++)
        EQ(sys_write((int)fd, page, PG), PG);
    EQ(usage().used_pages, base + 9);
    EQ(blocks_of((int)fd), 9 * 8);
    EQ(sys_statfs("/tmp", &sf), 0);
    EQ(sf.f_type, LX_TMPFS_MAGIC);
    EQ(sf.f_bsize, PG);
    EQ(sf.f_blocks, base + 10);
    EQ(sf.f_bfree, 1);
    EQ(sf.f_bavail, 1);
    /* the write that crosses the limit is short, the next fails */
    EQ(sys_write((int)fd, page, 100), 100);
    EQ(sys_write((int)fd, page, 2 * PG), PG - 100);
    EQ(sys_write((int)fd, page, 1), -ENOSPC);
    EQ(sys_pwrite64((int)fd, "x", 1, 20 * PG), -ENOSPC);
    EQ(sys_statfs("/tmp", &sf), 0);
    EQ(sf.f_bfree, 0);
    /* pages already there still take writes */
    EQ(sys_pwrite64((int)fd, "zz", 2, 3 * PG + 7), 2);
    /* growing is sparse; shrinking gives pages back */
    EQ(sys_ftruncate((int)fd, 1L << 40), 0);
    EQ(usage().used_pages, base + 10);
    EQ(sys_ftruncate((int)fd, 4 * PG + 1), 0);
    EQ(usage().used_pages, base + 5);
    EQ(blocks_of((int)fd), 5 * 8);
    /* open O_TRUNC too */
    long fd2 = sys_open("/tmp/f", LX_O_RDWR | LX_O_TRUNC, 0);
    EQ(usage().used_pages, base);
    EQ(sys_write((int)fd2, page, 3 * PG), 3 * PG);
    /* unlink of an open file frees at the last close */
    EQ(sys_unlink("/tmp/f"), 0);
    EQ(usage().used_pages, base + 3);
    sys_close((int)fd);
    EQ(usage().used_pages, base + 3);
    sys_close((int)fd2);
    EQ(usage().used_pages, base);
    /* a long symlink target takes a page, as on tmpfs */
    char target[200];
    memset(target, 'a', sizeof(target));
    target[RAMFS_SHORT_LINK - 1] = 0;
    EQ(sys_symlink(target, "/tmp/short"), 0);
    EQ(usage().used_pages, base);
    target[RAMFS_SHORT_LINK - 1] = 'a';
    target[RAMFS_SHORT_LINK] = 0;
    EQ(sys_symlink(target, "/tmp/long"), 0);
    EQ(usage().used_pages, base + 1);
    struct linux_stat st;
    EQ(sys_lstat("/tmp/long", &st), 0);
    EQ(st.st_blocks, 8);
    EQ(sys_unlink("/tmp/long"), 0);
    EQ(usage().used_pages, base);
    ramfs_space_set_max(base, 1000);
    EQ(sys_symlink(target, "/tmp/long"), -ENOSPC);
    EQ(sys_symlink("short", "/tmp/s2"), 0);
}

static void test_fallocate(void)
{
    struct linux_stat st;
    fresh_pages(8);
    uint64_t base = usage().used_pages;
    long fd = sys_open("/tmp/f", LX_O_CREAT | LX_O_RDWR, 0644);
    EQ(sys_write((int)fd, "abc", 3), 3);
    EQ(sys_fallocate((int)fd, 0, 0, 1L << 40), -ENOSPC);
    EQ(sys_fallocate((int)fd, 0, 0, 9 * PG), -ENOSPC);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 3);
    EQ(usage().used_pages, base + 1); /* nothing taken by the failures */
    EQ(sys_fallocate((int)fd, 0, 0, 8 * PG), 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 8 * PG);
    EQ(st.st_blocks, 8 * 8);
    EQ(usage().used_pages, base + 8);
    CHECK(strcmp(cat("/tmp/f"), "abc") == 0); /* data kept, zeros after */
    /* fallocate's pages are holes until written, as on tmpfs */
    EQ(sys_lseek((int)fd, 0, LX_SEEK_DATA), 0);
    EQ(sys_lseek((int)fd, 0, LX_SEEK_HOLE), PG);
    EQ(sys_lseek((int)fd, PG, LX_SEEK_DATA), -ENXIO);
    EQ(sys_pwrite64((int)fd, "w", 1, 3 * PG + 9), 1);
    EQ(sys_lseek((int)fd, PG, LX_SEEK_DATA), 3 * PG);
    EQ(sys_lseek((int)fd, 3 * PG, LX_SEEK_HOLE), 4 * PG);
    EQ(usage().used_pages, base + 8);
    EQ(sys_fallocate((int)fd, 1, 8 * PG, 1), -ENOSPC);
    EQ(sys_ftruncate((int)fd, 2 * PG), 0);
    EQ(usage().used_pages, base + 2);
    EQ(sys_fallocate((int)fd, 1, 4 * PG, 3 * PG), 0); /* KEEP_SIZE */
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 2 * PG);
    EQ(st.st_blocks, 5 * 8);
    EQ(usage().used_pages, base + 5);
    char b[8] = "x";
    EQ(sys_pread64((int)fd, b, 8, 2 * PG), 0);
    /* the same size: pages past the end go, as in Linux's shmem_setattr */
    EQ(sys_ftruncate((int)fd, 2 * PG), 0);
    EQ(usage().used_pages, base + 2);
    EQ(sys_fallocate((int)fd, 2, 0, 1), -EOPNOTSUPP); /* punch hole */
    EQ(sys_fallocate((int)fd, 0, -1, 1), -EINVAL);
    EQ(sys_fallocate((int)fd, 0, 0, 0), -EINVAL);
    EQ(sys_fallocate(99, 0, 0, 1), -EBADF);
    long ro = sys_open("/tmp/f", LX_O_RDONLY, 0);
    EQ(sys_fallocate((int)ro, 0, 0, 1), -EBADF);
    EQ(sys_fallocate((int)fd, 0, INT64_MAX, 2), -EFBIG);
    sys_close((int)ro);
    sys_close((int)fd);
}

static void test_inodes(void)
{
    struct linux_statfs sf;
    fresh();
    uint64_t base = usage().used_inodes;
    CHECK(base >= 4); /* /, /tmp, /dev and /proc */
    ramfs_space_set_max(1000, base + 3);
    EQ(sys_statfs("/", &sf), 0);
    EQ(sf.f_files, base + 3);
    EQ(sf.f_ffree, 3);
    long fd = sys_open("/tmp/a", LX_O_CREAT | LX_O_RDWR, 0644);
    CHECK(fd >= 0);
    EQ(sys_mkdir("/tmp/d", 0755), 0);
    EQ(sys_link("/tmp/a", "/tmp/h"), 0); /* a name counts as an inode */
    EQ(usage().used_inodes, base + 3);
    EQ(sys_open("/tmp/b", LX_O_CREAT | LX_O_RDWR, 0644), -ENOSPC);
    EQ(sys_creat("/tmp/b", 0644), -ENOSPC);
    EQ(sys_mkdir("/tmp/e", 0755), -ENOSPC);
    EQ(sys_symlink("a", "/tmp/s"), -ENOSPC);
    EQ(sys_mknod("/tmp/p", LX_S_IFIFO | 0644, 0), -ENOSPC);
    EQ(sys_mknod("/tmp/n", LX_S_IFCHR | 0644, 0x103), -ENOSPC);
    EQ(sys_mknod("/tmp/r", LX_S_IFREG | 0644, 0), -ENOSPC);
    EQ(sys_link("/tmp/a", "/tmp/h2"), -ENOSPC);
    EQ(sys_open("/tmp", LX_O_TMPFILE | LX_O_RDWR, 0600), -ENOSPC);
    EQ(sys_open("/tmp/a", LX_O_RDWR | LX_O_CREAT, 0644), 4); /* exists */
    EQ(sys_rename("/tmp/h", "/tmp/h3"), 0);
    EQ(usage().used_inodes, base + 3);
    EQ(sys_statfs("/", &sf), 0);
    EQ(sf.f_ffree, 0);
    /* /dev and /proc are other file systems: not counted, not refused */
    struct linux_stat st;
    EQ(sys_stat("/dev/null", &st), 0);
    EQ(sys_stat("/proc/self", &st), 0);
    EQ(usage().used_inodes, base + 3);
    EQ(sys_statfs("/dev", &sf), 0);
    EQ(sf.f_type, LX_TMPFS_MAGIC);
    EQ(sys_statfs("/proc", &sf), 0);
    EQ(sf.f_type, LX_PROC_SUPER_MAGIC);
    EQ(sf.f_blocks, 0);
    /* removing a second name gives its inode back */
    EQ(sys_unlink("/tmp/h3"), 0);
    EQ(usage().used_inodes, base + 2);
    EQ(sys_symlink("a", "/tmp/s"), 0);
    EQ(sys_unlink("/tmp/s"), 0);
    /* the last name of an open file: back at the last close */
    EQ(sys_unlink("/tmp/a"), 0);
    EQ(usage().used_inodes, base + 2);
    sys_close(4);
    sys_close((int)fd);
    EQ(usage().used_inodes, base + 1);
    EQ(sys_rmdir("/tmp/d"), 0);
    EQ(usage().used_inodes, base);
    long t = sys_open("/tmp", LX_O_TMPFILE | LX_O_RDWR, 0600);
    CHECK(t >= 0);
    EQ(usage().used_inodes, base + 1);
    sys_close((int)t);
    EQ(usage().used_inodes, base);
    /* a pipe is not in the root */
    int p[2];
    EQ(sys_pipe(p), 0);
    EQ(usage().used_inodes, base);
    EQ(sys_fstatfs(p[0], &sf), 0);
    EQ(sf.f_type, LX_PIPEFS_MAGIC);
    sys_close(p[0]);
    sys_close(p[1]);
    /* everything comes back when the tree goes */
    vfs_fini();
    EQ(usage().used_inodes, 0);
    EQ(usage().used_pages, 0);
}

/* The archive's files count, are never refused, and writes into their
 * pages take nothing new. */
static void test_archive(void)
{
    struct cpio_buf b;
    static char prog[3 * PG];
    memset(prog, 'P', sizeof(prog));
    char target[RAMFS_SHORT_LINK + 1];
    memset(target, 't', RAMFS_SHORT_LINK);
    target[RAMFS_SHORT_LINK] = 0;
    cpio_start(&b);
    cpio_entry(&b, "bin/prog", LX_S_IFREG | 0755, prog, sizeof(prog), true);
    cpio_entry(&b, "bin/long", LX_S_IFLNK | 0777, target, RAMFS_SHORT_LINK,
               false);
    cpio_entry_ino(&b, "bin/h1", LX_S_IFREG | 0644, NULL, 0, 9, 2);
    cpio_entry_ino(&b, "bin/h2", LX_S_IFREG | 0644, "x", 1, 9, 2);
    cpio_trailer(&b);
    fake_reset();
    fake_ram_bytes = 4 * PG; /* a limit of 2 pages and 2 inodes */
    EQ(vfs_init(b.data, b.len), 0);
    EQ(fd_init_stdio(), 0);
    struct ramfs_space s = usage();
    EQ(s.max_pages, 2);
    EQ(s.max_inodes, 2);
    EQ(s.used_pages, 3 + 1 + 1); /* prog, the long link, h1/h2 */
    /* /, bin, prog, long, h1 + h2 (two names), /tmp, /dev, /proc */
    EQ(s.used_inodes, 9);
    struct linux_statfs sf;
    EQ(sys_statfs("/", &sf), 0);
    EQ(sf.f_bfree, 0);
    EQ(sf.f_ffree, 0);
    long fd = sys_open("/bin/prog", LX_O_RDWR, 0);
    EQ(sys_pwrite64((int)fd, "ab", 2, PG + 5), 2); /* an archive page */
    EQ(usage().used_pages, 5);
    EQ(sys_pwrite64((int)fd, "ab", 2, 3 * PG), -ENOSPC);
    EQ(sys_ftruncate((int)fd, PG), 0);
    EQ(usage().used_pages, 3);
    EQ(sys_unlink("/bin/h1"), 0);
    EQ(usage().used_inodes, 8);
    sys_close((int)fd);
    EQ(sys_unlink("/bin/prog"), 0);
    EQ(usage().used_pages, 2);
    EQ(sys_unlink("/bin/long"), 0);
    EQ(sys_unlink("/bin/h2"), 0);
    EQ(usage().used_pages, 0);
    EQ(sys_rmdir("/bin"), 0);
    EQ(usage().used_inodes, 4);
    fake_ram_bytes = 256ULL << 20;
    vfs_fini();
    free(b.data);
}

/* stdout and stderr with every kmalloc failing. */
static void test_nomem_console(void)
{
    static char big[40000];
    struct linux_iovec v[100];
    fresh();
    memset(big, 'b', sizeof(big));
    for (int i = 0; i < 100; i++)
        v[i] = (struct linux_iovec){(uint64_t)(uintptr_t) "0123456789", 10};
    fake_nomem = 1;
    EQ(sys_open("/tmp/x", LX_O_CREAT | LX_O_RDWR, 0644), -ENOMEM);
    EQ(sys_write(1, big, sizeof(big)), sizeof(big));
    EQ(sys_writev(1, v, 100), 1000);
    EQ(sys_writev(2, v, 100), 1000);
    EQ(sys_write(2, "e", 1), 1);
    EQ(sys_pwrite64(1, "p", 1, 0), -ESPIPE);
    EQ(sys_pwritev(2, v, 2, 0, 0), -ESPIPE);
    EQ(sys_writev(1, v, 0), 0);
    fake_in = "typed";
    fake_in_len = 5;
    char in[8];
    EQ(sys_read(0, in, sizeof(in)), 5);
    fake_nomem = 0;
    EQ(fake_out_len[1], sizeof(big) + 1000);
    EQ(fake_out_len[2], 1001);
    CHECK(memcmp(fake_out[1] + sizeof(big), "0123456789012", 13) == 0);
    CHECK(memcmp(in, "typed", 5) == 0);
}

/* readv/writev read the user's iovec array in batches. */
static void test_iovec_batches(void)
{
    struct linux_iovec v[50];
    char buf[50][3];
    fresh();
    long fd = sys_open("/tmp/v", LX_O_CREAT | LX_O_RDWR, 0644);
    for (int i = 0; i < 50; i++) {
        snprintf(buf[i], sizeof(buf[i]), "%02d", i);
        v[i] = (struct linux_iovec){(uint64_t)(uintptr_t)buf[i], 2};
    }
    v[7].iov_len = 0; /* empty pieces are skipped */
    v[8].iov_len = 0;
    EQ(sys_writev((int)fd, v, 50), 96);
    char all[100] = {0};
    EQ(sys_pread64((int)fd, all, sizeof(all), 0), 96);
    CHECK(memcmp(all, "00010203040506091011", 20) == 0);
    CHECK(memcmp(all + 92, "4849", 4) == 0);
    memset(buf, 0, sizeof(buf));
    v[7].iov_len = v[8].iov_len = 2;
    EQ(sys_preadv((int)fd, v, 50, 0, 0), 96);
    CHECK(memcmp(buf[8], "10", 2) == 0 && memcmp(buf[47], "49", 2) == 0);
    CHECK(buf[48][0] == 0); /* 96 bytes filled 48 pieces */
    v[20].iov_len = UINT64_MAX / 2;
    v[21].iov_len = UINT64_MAX / 2;
    EQ(sys_writev((int)fd, v, 50), -EINVAL);
    sys_close((int)fd);
}

void test_space(void)
{
    test_pages();
    test_fallocate();
    test_inodes();
    test_archive();
    test_nomem_console();
    test_iovec_batches();
}
