/* SPDX-License-Identifier: MIT */
/* read/write/pread/pwrite/readv/writev, offsets, short reads at EOF. */
#include "t.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void)
{
    char buf[64];
    t_tmp_enter();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec wv[3] = {
        { "abc", 3 }, { NULL, 0 }, { "defghij", 7 },
    };
    T("writev", writev(fd, wv, 3));
    T("offset", lseek(fd, 0, SEEK_CUR));
    T("pwrite at 2", pwrite(fd, "XY", 2, 2));
    T("offset unchanged", lseek(fd, 0, SEEK_CUR));
    memset(buf, 0, sizeof buf);
    T("pread all", pread(fd, buf, sizeof buf, 0));
    printf("  data \"%s\"\n", buf);
    T("pread at EOF", pread(fd, buf, 4, 10));
    T("pread past EOF", pread(fd, buf, 4, 100));
    T("pread negative offset", pread(fd, buf, 4, -1));
    T("lseek 1", lseek(fd, 1, SEEK_SET));
    char a[2] = {0}, b[5] = {0};
    struct iovec rv[2] = { { a, 1 }, { b, 4 } };
    T("readv", readv(fd, rv, 2));
    printf("  a=\"%.1s\" b=\"%.4s\"\n", a, b);
    T("read short", read(fd, buf, sizeof buf));
    T("read at EOF", read(fd, buf, sizeof buf));
    T("read 0 bytes", read(fd, buf, 0));
    T("writev iovcnt -1", syscall(SYS_writev, fd, wv, -1));
    T("readv iovcnt 1025", syscall(SYS_readv, fd, rv, 1025));
    T("lseek SEEK_END -3", lseek(fd, -3, SEEK_END));
    T("read 3", read(fd, buf, 3));
    T("lseek before 0", lseek(fd, -100, SEEK_CUR));
    T("lseek bad whence", lseek(fd, 0, 42));
    close(fd);
    T("read closed fd", read(fd, buf, 1));
    T("write closed fd", write(fd, "x", 1));
    T("pread fd -1", pread(-1, buf, 1, 0));
    /* a big write and read back, larger than any single page */
    static char big[200000], back[200000];
    for (unsigned i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7 + (i >> 9));
    fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0600);
    T("write 200000", write(fd, big, sizeof big));
    T("pread 200000", pread(fd, back, sizeof back, 0));
    FACT("big data equal", memcmp(big, back, sizeof big) == 0);
    T("pwrite O_APPEND ignores offset", pwrite(open("big", O_WRONLY | O_APPEND), "z", 1, 0));
    T("size", lseek(fd, 0, SEEK_END));
    close(fd);
    T("fsync closed", fsync(fd));
    unlink("big");
    unlink("f");
    t_tmp_leave();
    return 0;
}
