/* SPDX-License-Identifier: MIT */
/* /proc/self/exe names the running program; it can be opened and read. */
#include "t.h"
#include <fcntl.h>
#include <libgen.h>

int main(int argc, char **argv)
{
    char buf[4096], base[4096], hdr[4];
    (void)argc;
    long n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    TOK("readlink /proc/self/exe", n);
    buf[n > 0 ? n : 0] = 0;
    strcpy(base, argv[0]);
    const char *b = basename(base);
    size_t bl = strlen(b);
    FACT("ends with basename of argv[0]",
         (size_t)n >= bl && strcmp(buf + n - bl, b) == 0);
    FACT("is absolute", buf[0] == '/');
    T("readlink short buffer", readlink("/proc/self/exe", buf, 3));
    T("readlink exe/", readlink("/proc/self/exe/", buf, sizeof buf));
    int fd = TOK("open /proc/self/exe", open("/proc/self/exe", O_RDONLY));
    T("read 4", read(fd, hdr, 4));
    FACT("ELF magic", memcmp(hdr, "\177ELF", 4) == 0);
    T("write to exe", write(fd, "x", 1));
    close(fd);
    T("readlink missing", readlink("/nonexistent-uk", buf, sizeof buf));
    T("readlink bufsiz 0", syscall(SYS_readlink, "/proc/self/exe", buf, 0));
    return 0;
}
