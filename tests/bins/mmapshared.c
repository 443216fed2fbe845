/* SPDX-License-Identifier: MIT */
/* Shared mappings: MAP_SHARED file writes reach read(2) and other
 * mappings; MAP_SHARED|MAP_ANONYMOUS behaves as zeroed memory. */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096

int main(void)
{
    char buf[16] = {0};
    t_tmp_enter();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    T("ftruncate 2 pages", ftruncate(fd, 2 * PG));
    char *a = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *b = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
    FACT("two shared maps", a != MAP_FAILED && b != MAP_FAILED);
    memcpy(a + PG, "shared!", 7);
    FACT("visible in other mapping", memcmp(b + PG, "shared!", 7) == 0);
    T("pread", pread(fd, buf, 7, PG));
    printf("  \"%s\"\n", buf);
    T("msync", msync(a, 2 * PG, MS_SYNC));
    T("pwrite", pwrite(fd, "FROMFILE", 8, 10));
    FACT("file write visible in mapping", memcmp(a + 10, "FROMFILE", 8) == 0);
    T("msync unaligned", msync(a + 1, PG, MS_SYNC));
    T("munmap a", munmap(a, 2 * PG));
    T("munmap b", munmap(b, 2 * PG));
    int fd2 = open("f", O_RDONLY);
    memset(buf, 0, sizeof buf);
    T("read after unmap", pread(fd2, buf, 7, PG));
    printf("  \"%s\"\n", buf);
    close(fd), close(fd2);
    unlink("f");
    int *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    FACT("shared anon", s != MAP_FAILED && s[0] == 0 && s[1023] == 0);
    s[7] = 7;
    T("value", s[7]);
    T("munmap", munmap(s, PG));
    t_tmp_leave();
    return 0;
}
