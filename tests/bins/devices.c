/* SPDX-License-Identifier: MIT */
/* /dev/null, /dev/zero, /dev/urandom: reads, writes, types. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void dev(const char *p)
{
    struct stat st;
    if (stat(p, &st) != 0) {
        printf("%s: %s\n", p, t_errname(errno));
        return;
    }
    printf("%s: chr %d rdev %u:%u\n", p, S_ISCHR(st.st_mode),
           major(st.st_rdev), minor(st.st_rdev));
}

int main(void)
{
    char buf[8192];
    dev("/dev/null"), dev("/dev/zero"), dev("/dev/urandom");
    int fd = open("/dev/null", O_RDWR);
    T("null read", read(fd, buf, sizeof buf));
    T("null write", write(fd, buf, sizeof buf));
    T("null lseek", lseek(fd, 100, SEEK_SET));
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    memset(buf, 0x55, sizeof buf);
    T("zero read", read(fd, buf, sizeof buf));
    int nz = 0;
    for (unsigned i = 0; i < sizeof buf; i++)
        nz += buf[i] != 0;
    printf("  nonzero bytes %d\n", nz);
    T("zero write", write(open("/dev/zero", O_WRONLY), buf, 10));
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    unsigned char a[32], b[32];
    T("urandom read", read(fd, a, sizeof a));
    T("urandom read", read(fd, b, sizeof b));
    nz = 0;
    for (int i = 0; i < 32; i++)
        nz |= a[i];
    FACT("urandom not all zero", nz);
    FACT("urandom reads differ", memcmp(a, b, 32) != 0);
    T("urandom large read", read(fd, buf, sizeof buf));
    close(fd);
    T("open /dev/missing", open("/dev/missing", O_RDONLY));
    T("mkdir /dev/null/x", mkdir("/dev/null/x", 0755));
    return 0;
}
