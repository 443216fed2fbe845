/* SPDX-License-Identifier: MIT */
/* Unit test, part 4: unpacking the boot archive, good and malformed. */
#include "tests/unit/test_fs.h"

#include <dirent.h>

#define M_REG (LX_S_IFREG)
#define M_DIR (LX_S_IFDIR)
#define M_LNK (LX_S_IFLNK)

static char prog[3 * 4096 + 100];

static void build_good(struct cpio_buf *b)
{
    for (size_t i = 0; i < sizeof(prog); i++)
        prog[i] = (char)('A' + i % 23);
    cpio_start(b);
    cpio_entry(b, ".", M_DIR | 0755, NULL, 0, false);
    cpio_entry(b, "./bin", M_DIR | 0700, NULL, 0, false);
    cpio_entry(b, "./bin/prog", M_REG | 0755, prog, sizeof(prog), true);
    cpio_entry(b, "etc/motd", M_REG | 0644, "hello\n", 6, false);
    cpio_entry(b, "/deep/a/b/c/file", M_REG | 0600, "deep", 4, false);
    cpio_entry(b, "bin/sh", M_LNK | 0777, "prog", 4, false);
    cpio_entry(b, "dev/null", LX_S_IFCHR | 0666, NULL, 0, false);
    cpio_entry(b, "empty", M_REG | 0644, NULL, 0, false);
    cpio_entry_ino(b, "h1", M_REG | 0644, NULL, 0, 7, 2);
    cpio_entry_ino(b, "h2", M_REG | 0644, "shared", 6, 7, 2);
    cpio_entry(b, "x//y/./z", M_REG | 0644, "z", 1, false);
    cpio_entry(b, "etc/motd", M_REG | 0640, "second\n", 7, false);
    cpio_trailer(b);
}

static void test_good(void)
{
    struct cpio_buf b;
    struct linux_stat st;
    char buf[64];
    build_good(&b);
    char *copy = malloc(b.len);
    memcpy(copy, b.data, b.len);
    fake_reset();
    EQ(vfs_init(b.data, b.len), 0);
    EQ(fd_init_stdio(), 0);
    EQ(sys_stat("/bin/prog", &st), 0);
    EQ(st.st_mode, M_REG | 0755);
    EQ(st.st_size, sizeof(prog));
    EQ(st.st_mtim.tv_sec, 1600000000);
    EQ(sys_stat("/bin", &st), 0);
    EQ(st.st_mode, M_DIR | 0700);
    EQ(sys_stat("/deep/a/b/c", &st), 0);
    EQ(st.st_mode, M_DIR | 0755);
    EQ(sys_stat("/tmp", &st), 0);
    EQ(st.st_mode, M_DIR | 01777);
    EQ(sys_stat("/dev/null", &st), 0);
    EQ(st.st_rdev, 0x103);
    EQ(sys_access("/x/y/z", 0), 0);
    EQ(sys_access("/.uk-pad", 0), -ENOENT);
    EQ(sys_readlink("/bin/sh", buf, sizeof(buf)), 4);
    long fd = sys_open("/bin/sh", LX_O_RDONLY, 0);
    EQ(sys_read((int)fd, buf, 5), 5);
    CHECK(memcmp(buf, "ABCDE", 5) == 0);
    sys_close((int)fd);
    fd = sys_open("/etc/motd", LX_O_RDONLY, 0);
    EQ(sys_read((int)fd, buf, sizeof(buf)), 7);
    CHECK(memcmp(buf, "second\n", 7) == 0);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_mode, M_REG | 0640);
    sys_close((int)fd);
    struct linux_stat s1, s2;
    EQ(sys_stat("/h1", &s1), 0);
    EQ(sys_stat("/h2", &s2), 0);
    EQ(s1.st_ino, s2.st_ino);
    EQ(s1.st_nlink, 2);
    EQ(s1.st_size, 6);
    EQ(sys_stat("/empty", &st), 0);
    EQ(st.st_size, 0);

    /* the program's bytes are the archive's, page-aligned, not copied */
    long err;
    struct file *f = vfs_open_kernel("/bin/prog", LX_O_RDONLY, &err);
    uint64_t size = 0;
    const char *bytes = vfs_file_bytes(f, &size);
    CHECK(bytes >= b.data && bytes < b.data + b.len);
    EQ(size, sizeof(prog));
    EQ((uintptr_t)bytes % PAGE_SIZE, 0);
    EQ(vfs_check_exec(f), 0);
    EQ(f->inode->u.reg.npages, 0);
    /* the first write copies just the one page it touches */
    fd = sys_open("/bin/prog", LX_O_RDWR, 0);
    EQ(sys_pwrite64((int)fd, "!", 1, 5000), 1);
    EQ(f->inode->u.reg.npages, 1);
    CHECK(vfs_file_bytes(f, &size) == NULL);
    CHECK(memcmp(b.data, copy, b.len) == 0);
    static char back[sizeof(prog)];
    EQ(vfs_pread_kernel(f, back, sizeof(back), 0), sizeof(prog));
    CHECK(back[5000] == '!');
    back[5000] = prog[5000];
    CHECK(memcmp(back, prog, sizeof(prog)) == 0);
    /* truncation copies nothing and hides the archive bytes after it */
    EQ(sys_ftruncate((int)fd, 10), 0);
    EQ(sys_ftruncate((int)fd, 9000), 0);
    EQ(sys_pread64((int)fd, back, sizeof(back), 0), 9000);
    CHECK(memcmp(back, prog, 10) == 0);
    size_t nz = 0;
    for (size_t i = 10; i < 9000; i++)
        nz += back[i] != 0;
    EQ(nz, 0);
    EQ(f->inode->u.reg.npages, 0);
    CHECK(memcmp(b.data, copy, b.len) == 0);
    /* a shared mapping's page: the file's own page, kept over truncation */
    char *pg = vfs_file_page(f, 0, &err);
    CHECK(pg != NULL && memcmp(pg, prog, 10) == 0 && pg[10] == 0);
    vfs_file_map(f, 1);
    memcpy(pg, "mapped", 6);
    EQ(sys_pread64((int)fd, back, 6, 0), 6);
    CHECK(memcmp(back, "mapped", 6) == 0);
    EQ(sys_ftruncate((int)fd, 0), 0);
    EQ(pg[0], 0); /* zeroed, not freed */
    EQ(sys_pwrite64((int)fd, "again", 5, 0), 5);
    CHECK(memcmp(pg, "again", 5) == 0);
    vfs_file_map(f, -1);
    CHECK(vfs_file_page(fd_get(0), 0, &err) == NULL);
    EQ(err, -EINVAL);
    file_put(f);
    sys_close((int)fd);
    /* sh -> prog, unlinked while the archive keeps its bytes */
    EQ(sys_unlink("/bin/prog"), 0);
    EQ(sys_open("/bin/sh", LX_O_RDONLY, 0), -ENOENT);
    vfs_fini();
    free(b.data);
    free(copy);
}

/* vfs_init on a copy of b with byte at off set to c (off < 0: none),
 * cut to len bytes. */
static int try_archive(const struct cpio_buf *b, long off, char c, size_t len)
{
    char *d = malloc(len + 1);
    memcpy(d, b->data, len);
    if (off >= 0)
        d[off] = c;
    int r = vfs_init(d, len);
    vfs_fini();
    free(d);
    return r;
}

static void one_entry(struct cpio_buf *b, const char *name, uint32_t mode,
                      const char *data, bool trailer)
{
    cpio_start(b);
    cpio_entry(b, name, mode, data, data ? strlen(data) : 0, false);
    if (trailer)
        cpio_trailer(b);
}

static void test_bad(void)
{
    struct cpio_buf b;
    one_entry(&b, "file", M_REG | 0644, "content", true);
    EQ(try_archive(&b, -1, 0, b.len), 0);
    EQ(try_archive(&b, 5, '2', b.len), 0);        /* 070702: with a checksum */
    EQ(try_archive(&b, 0, 'x', b.len), -EINVAL);  /* magic */
    EQ(try_archive(&b, 20, 'g', b.len), -EINVAL); /* not hex */
    EQ(try_archive(&b, -1, 0, 50), -EINVAL);      /* header cut */
    EQ(try_archive(&b, -1, 0, 118), -EINVAL);     /* data cut */
    EQ(try_archive(&b, -1, 0, 124), -EINVAL);     /* no trailer */
    EQ(try_archive(&b, 110 + 4, 'X', b.len), -EINVAL); /* name's NUL */
    EQ(try_archive(&b, 110 + 2, 0, b.len), -EINVAL);   /* NUL in name */
    /* filesize 0xffffffff */
    char *d = malloc(b.len);
    memcpy(d, b.data, b.len);
    memcpy(d + 6 + 6 * 8, "FFFFFFFF", 8);
    EQ(vfs_init(d, b.len), -EINVAL);
    memcpy(d + 6 + 6 * 8, "00000007", 8);
    memcpy(d + 6 + 11 * 8, "00000000", 8); /* namesize 0 */
    EQ(vfs_init(d, b.len), -EINVAL);
    memcpy(d + 6 + 11 * 8, "FFFFFFF0", 8); /* namesize past the end */
    EQ(vfs_init(d, b.len), -EINVAL);
    vfs_fini();
    free(d);
    free(b.data);
    one_entry(&b, "a/../b", M_REG | 0644, "x", true);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    one_entry(&b, "..", M_DIR | 0755, NULL, true);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    one_entry(&b, "l", M_LNK | 0777, NULL, true);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    one_entry(&b, "q", 0170000, NULL, true);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    cpio_start(&b);
    cpio_entry(&b, "f", M_REG | 0644, "x", 1, false);
    cpio_entry(&b, "f/x", M_REG | 0644, "x", 1, false);
    cpio_trailer(&b);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    char name[300];
    memset(name, 'n', 299);
    name[299] = 0;
    one_entry(&b, name, M_REG | 0644, "x", true);
    EQ(try_archive(&b, -1, 0, b.len), -EINVAL);
    free(b.data);
    /* trailing garbage after the trailer is ignored */
    one_entry(&b, "ok", M_REG | 0644, "x", true);
    size_t len = b.len;
    cpio_entry(&b, "junk", M_REG, "j", 1, false);
    b.data[len] = '#';
    EQ(try_archive(&b, -1, 0, b.len), 0);
    free(b.data);
    /* an empty archive is an empty root */
    EQ(vfs_init(NULL, 0), 0);
}

void test_cpio(void)
{
    test_good();
    test_bad();
}

/* Replay saved fuzzer inputs: any result, but no crash or leak. */
void test_corpus(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return;
    while ((e = readdir(d))) {
        char path[512];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        static char data[1 << 20];
        size_t len = fread(data, 1, sizeof(data), fp);
        fclose(fp);
        char *copy = malloc(len + 1);
        memcpy(copy, data, len);
        int r = vfs_init(copy, len);
        CHECK(r == 0 || r == -EINVAL || r == -ENOMEM);
        vfs_fini();
        free(copy);
        n++;
    }
    closedir(d);
    printf("test_fs: replayed %d corpus inputs\n", n);
}
