/* SPDX-License-Identifier: MIT */
/* mmap of /dev/zero: MAP_PRIVATE is private anonymous memory, MAP_SHARED
 * shared anonymous memory (madvise(MADV_DONTNEED) keeps its contents, as
 * they live in a shared memory object); both read as zeros and are
 * writable.  The fd's access mode is checked as for files; /dev/null
 * cannot be mapped (ENODEV). */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>

#define PG 4096

static long zeros(const char *p, long n)
{
    long z = 0;
    for (long i = 0; i < n; i++)
        z += p[i] == 0;
    return z;
}

static void use(const char *what, char *p)
{
    if (p == MAP_FAILED) {
        printf("%s: %s\n", what, t_errname(errno));
        return;
    }
    printf("%s: zeros %ld of %d\n", what, zeros(p, 3 * PG), 3 * PG);
    memset(p + PG, 'x', PG);
    p[3 * PG - 1] = 'y';
    printf("%s: wrote, read back %c%c\n", what, p[PG + 100], p[3 * PG - 1]);
    T("madvise DONTNEED", madvise(p, 3 * PG, MADV_DONTNEED));
    printf("%s: after DONTNEED %s\n", what,
           p[PG + 100] == 'x' ? "kept"
           : p[PG + 100] == 0 ? "zero"
                              : "other");
    T("munmap", munmap(p, 3 * PG));
}

int main(void)
{
    int z = open("/dev/zero", O_RDWR);
    TOK("open /dev/zero", z);
    use("private",
        mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0));
    use("shared", mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0));
    use("private at offset",
        mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 16 * PG));
    use("shared anonymous", mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0));

    /* mapped again, the pages are zero again */
    char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
    if (p != MAP_FAILED) {
        p[0] = 1;
        munmap(p, PG);
        p = mmap(NULL, PG, PROT_READ, MAP_SHARED, z, 0);
        FACT("a new shared mapping is zero", p != MAP_FAILED && p[0] == 0);
    }
    /* a private mapping and the device stay apart */
    p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
    if (p != MAP_FAILED) {
        p[0] = 7;
        char c = 1;
        T("read /dev/zero", read(z, &c, 1));
        T("byte read", c);
    }
    close(z);

    int ro = open("/dev/zero", O_RDONLY), wo = open("/dev/zero", O_WRONLY);
    T("read-only fd, MAP_SHARED writable",
      (long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
    p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    FACT("read-only fd, MAP_PRIVATE writable", p != MAP_FAILED);
    if (p != MAP_FAILED)
        p[10] = 1;
    T("write-only fd", (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0));

    int n = open("/dev/null", O_RDWR);
    T("/dev/null MAP_PRIVATE",
      (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, n, 0));
    T("/dev/null MAP_SHARED",
      (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, n, 0));
    int nw = open("/dev/null", O_WRONLY);
    T("/dev/null write-only",
      (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, nw, 0));
    return 0;
}
