/* SPDX-License-Identifier: MIT */
/* One file grown until the file system is full: the write that crosses
 * the limit is short, the next fails with ENOSPC, pages already there can
 * still be written.  fallocate past the limit fails without changing the
 * file; ftruncate grows sparsely and its shrinking gives blocks back, as
 * do unlink and the last close.  statfs follows every step.
 * fillfile.tmpfs gives the native run a 4 MiB tmpfs on /tmp. */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define TMPFS_MAGIC 0x01021994
#define KEEP_SIZE 1    /* FALLOC_FL_KEEP_SIZE */
#define CHUNK 12388    /* 3 pages and 100 bytes: never page aligned */
#define MAX_FILE (64L << 20)

static struct statfs sfs;
static char page[4096];

static long bfree(void)
{
    if (statfs(".", &sfs) != 0) {
        printf("statfs: %s\n", t_errname(errno));
        exit(1);
    }
    return (long)sfs.f_bfree;
}

static long fsize(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static long fblocks(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_blocks : -1;
}

/* Write CHUNKs until one is short; returns the file size. */
static long fill(int fd)
{
    static char buf[CHUNK];
    long total = 0, r = 0;
    memset(buf, 'a', sizeof buf);
    while (total < MAX_FILE && (r = write(fd, buf, sizeof buf)) == CHUNK)
        total += r;
    FACT("a short write came", r > 0 && r < CHUNK);
    if (r > 0)
        total += r;
    FACT("it ends at a page boundary", total % 4096 == 0);
    errno = 0;
    T("next write", write(fd, buf, sizeof buf));
    T("one byte more", write(fd, buf, 1));
    return total;
}

static void show_statfs(void)
{
    struct statfs f;
    T("statfs", statfs(".", &sfs));
    printf("f_type tmpfs: %s\n", sfs.f_type == TMPFS_MAGIC ? "yes" : "no");
    printf("f_bsize %ld f_blocks %ld f_files %ld\n", (long)sfs.f_bsize,
           (long)sfs.f_blocks, (long)sfs.f_files);
    FACT("f_bavail == f_bfree", sfs.f_bavail == sfs.f_bfree);
    FACT("f_bfree <= f_blocks", sfs.f_bfree <= sfs.f_blocks);
    FACT("f_ffree < f_files", sfs.f_ffree < sfs.f_files);
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    T("fstatfs", fstatfs(fd, &f));
    FACT("fstatfs agrees", f.f_type == sfs.f_type &&
         f.f_blocks == sfs.f_blocks && f.f_bfree == sfs.f_bfree &&
         f.f_files == sfs.f_files && f.f_ffree == sfs.f_ffree);
    close(fd);
}

int main(void)
{
    t_tmp_enter();
    show_statfs();
    long files0 = (long)sfs.f_ffree, b0 = bfree();
    int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
    bfree();
    printf("free inodes after create: -%ld\n", files0 - (long)sfs.f_ffree);
    printf("free blocks after create: -%ld\n", b0 - bfree());
    T("write one page", write(fd, page, 4096));
    printf("free blocks after one page: -%ld\n", b0 - bfree());
    T("pwrite 10 bytes at 1 MiB", pwrite(fd, "0123456789", 10, 1 << 20));
    printf("free blocks after a page at 1 MiB: -%ld\n", b0 - bfree());
    T("lseek to 0", lseek(fd, 0, SEEK_SET));

    long size = fill(fd);
    FACT("size is what was written", fsize(fd) == size);
    printf("free blocks when full: %ld\n", bfree());
    T("pwrite into a page of the file", pwrite(fd, "zz", 2, 5000));
    T("pwrite in the last page", pwrite(fd, "zz", 2, size - 2));
    T("pwrite past the end", pwrite(fd, "zz", 2, size));

    T("fallocate 1 TiB", fallocate(fd, 0, 0, 1L << 40));
    FACT("size unchanged", fsize(fd) == size);
    T("fallocate 1 page at the end", fallocate(fd, 0, size, 4096));
    T("fallocate keep-size 1 page", fallocate(fd, KEEP_SIZE, size, 4096));
    FACT("size unchanged", fsize(fd) == size);
    T("fallocate inside the file", fallocate(fd, 0, 0, size));
    printf("free blocks: %ld\n", bfree());

    long blocks = fblocks(fd), b1 = bfree();
    T("ftruncate to 1 TiB", ftruncate(fd, 1L << 40));
    printf("size %ld, blocks +%ld, free blocks -%ld\n", fsize(fd),
           fblocks(fd) - blocks, b1 - bfree());
    T("ftruncate back", ftruncate(fd, size));
    long half = (size / 2) & ~4095L;
    T("ftruncate to half", ftruncate(fd, half + 100));
    FACT("shrinking gave back the pages dropped",
         bfree() - b1 == (size - half) / 4096 - 1);
    T("write at the end", pwrite(fd, "again", 5, half + 100));

    b1 = bfree();
    blocks = fblocks(fd);
    T("fallocate 1 MiB at the end", fallocate(fd, 0, half + 105, 1 << 20));
    printf("size +%ld, free blocks -%ld\n", fsize(fd) - (half + 105),
           b1 - bfree());
    /* fallocate's pages read as zeros and are holes until written */
    T("SEEK_DATA in them", lseek(fd, half + 8192, SEEK_DATA));
    FACT("SEEK_HOLE finds them",
         lseek(fd, half + 8192, SEEK_HOLE) == half + 8192);
    T("write into them", pwrite(fd, "data", 4, half + 3 * 8192));
    FACT("SEEK_DATA finds the write",
         lseek(fd, half + 8192, SEEK_DATA) == half + 3 * 8192);
    size = fsize(fd);
    blocks = fblocks(fd);
    b1 = bfree();
    T("fallocate keep-size 3 pages past the end",
      fallocate(fd, KEEP_SIZE, size + 8192, 3 * 4096));
    printf("size +%ld, st_blocks +%ld, free blocks -%ld\n", fsize(fd) - size,
           fblocks(fd) - blocks, b1 - bfree());
    T("ftruncate to the same size", ftruncate(fd, size));
    printf("st_blocks +%ld, free blocks -%ld\n", fblocks(fd) - blocks,
           b1 - bfree());

    b1 = bfree();
    T("unlink while open", unlink("big"));
    printf("free blocks after unlink: +%ld\n", bfree() - b1);
    T("close", close(fd));
    FACT("close gave the blocks back", bfree() > b1 + 500);
    fd = open("again", O_RDWR | O_CREAT, 0644);
    long r = fill(fd);
    FACT("the second fill is as large", r >= size);
    T("unlink again", unlink("again"));
    close(fd);
    FACT("all free again", bfree() == b0);
    t_tmp_leave();
    return 0;
}
