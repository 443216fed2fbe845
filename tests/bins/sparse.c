/* SPDX-License-Identifier: MIT */
/* Holes: lseek past EOF then write, ftruncate grow and shrink, fsync. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

static void sum(int fd, long off, long len)
{
    char buf[4096];
    long nz = 0, total = 0, n;
    while (len > 0 && (n = pread(fd, buf, len > 4096 ? 4096 : len, off)) > 0) {
        for (long i = 0; i < n; i++)
            nz += buf[i] != 0;
        total += n, off += n, len -= n;
    }
    printf("  read %ld bytes, %ld nonzero\n", total, nz);
}

int main(void)
{
    struct stat st;
    t_tmp_enter();
    int fd = open("s", O_RDWR | O_CREAT | O_TRUNC, 0644);
    T("lseek 1 MiB past EOF", lseek(fd, 1 << 20, SEEK_SET));
    T("size still", (fstat(fd, &st), st.st_size));
    T("write at 1 MiB", write(fd, "end", 3));
    T("size", (fstat(fd, &st), st.st_size));
    sum(fd, 0, 1 << 20);
    sum(fd, (1 << 20) - 10, 100);
    T("pwrite in hole", pwrite(fd, "mid", 3, 5000));
    sum(fd, 0, 1 << 20);
    T("ftruncate shrink 4000", ftruncate(fd, 4000));
    T("size", (fstat(fd, &st), st.st_size));
    T("offset unchanged", lseek(fd, 0, SEEK_CUR));
    T("ftruncate grow 10000", ftruncate(fd, 10000));
    sum(fd, 0, 20000);
    T("write at old offset", write(fd, "x", 1));
    T("size", (fstat(fd, &st), st.st_size));
    T("truncate path 3", truncate("s", 3));
    T("ftruncate negative", ftruncate(fd, -1));
    T("fsync", fsync(fd));
    T("fdatasync", fdatasync(fd));
    T("SEEK_END", lseek(fd, 0, SEEK_END));
    int ro = open("s", O_RDONLY);
    T("ftruncate O_RDONLY fd", ftruncate(ro, 0));
    T("ftruncate dir", ftruncate(open(".", O_RDONLY), 0));
    T("ftruncate bad fd", ftruncate(99, 0));
    T("truncate missing", truncate("none", 0));
    close(ro);
    close(fd);
    unlink("s");
    t_tmp_leave();
    return 0;
}
