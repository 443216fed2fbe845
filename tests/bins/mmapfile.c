/* SPDX-License-Identifier: MIT */
/* A private file mapping: contents, zero fill past EOF in the last page,
 * copy-on-write (writes do not reach the file), offsets. */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096
#define LEN (2 * PG + 100)

int main(void)
{
    static char data[LEN];
    t_tmp_enter();
    for (int i = 0; i < LEN; i++)
        data[i] = (char)('a' + i % 26);
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, data, LEN);
    char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    FACT("mmap private", p != MAP_FAILED);
    FACT("contents equal", memcmp(p, data, LEN) == 0);
    int nz = 0;
    for (int i = LEN; i < 3 * PG; i++)
        nz += p[i] != 0;
    printf("nonzero bytes after EOF in last page: %d\n", nz);
    p[0] = 'X', p[PG] = 'Y', p[LEN] = 'Z';
    char c[3] = {0};
    pread(fd, &c[0], 1, 0), pread(fd, &c[1], 1, PG);
    printf("file after private write: %c %c\n", c[0], c[1]);
    T("pwrite to file", pwrite(fd, "Q", 1, 1));
    printf("copied page after pwrite: %c%c\n", p[0], p[1]);
    T("munmap", munmap(p, 3 * PG));
    p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    FACT("offset map", p != MAP_FAILED && memcmp(p, data + PG, PG) == 0);
    munmap(p, PG);
    int ro = open("f", O_RDONLY);
    p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    FACT("private RW map of O_RDONLY fd", p != MAP_FAILED);
    if (p != MAP_FAILED)
        p[5] = '!', munmap(p, PG);
    p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("shared RW map of O_RDONLY fd: %s\n",
           p == MAP_FAILED ? t_errname(errno) : "mapped");
    int wo = open("f", O_WRONLY);
    p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0);
    printf("map of O_WRONLY fd: %s\n", p == MAP_FAILED ? t_errname(errno) : "mapped");
    p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, open(".", O_RDONLY), 0);
    printf("map of a directory: %s\n", p == MAP_FAILED ? t_errname(errno) : "mapped");
    close(fd);
    p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, ro, 0);
    close(ro);
    unlink("f");
    FACT("mapping outlives fd and name", p != MAP_FAILED && p[0] == 'a' && p[1] == 'Q');
    t_tmp_leave();
    return 0;
}
