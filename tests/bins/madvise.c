/* SPDX-License-Identifier: MIT */
/* madvise: MADV_DONTNEED zeroes private anonymous pages; advice that is
 * only a hint succeeds; bad arguments fail. */
#include "t.h"
#include <sys/mman.h>

#define PG 4096

int main(void)
{
    char *p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x77, 16 * PG);
    T("MADV_DONTNEED pages 4-7", madvise(p + 4 * PG, 4 * PG, MADV_DONTNEED));
    long z = 0, s = 0;
    for (int i = 0; i < 16 * PG; i++)
        z += p[i] == 0, s += p[i] == 0x77;
    printf("zero %ld, kept %ld\n", z, s);
    p[5 * PG] = 1;
    T("rewritten", p[5 * PG]);
    T("MADV_NORMAL", madvise(p, 16 * PG, MADV_NORMAL));
    T("MADV_WILLNEED", madvise(p, 16 * PG, MADV_WILLNEED));
    T("MADV_SEQUENTIAL", madvise(p, 16 * PG, MADV_SEQUENTIAL));
    T("MADV_RANDOM", madvise(p, 16 * PG, MADV_RANDOM));
    T("unaligned", madvise(p + 1, PG, MADV_DONTNEED));
    T("bad advice", madvise(p, PG, 12345));
    T("len 0", madvise(p, 0, MADV_DONTNEED));
    munmap(p + 8 * PG, PG);
    T("range with hole", madvise(p, 16 * PG, MADV_WILLNEED));
    T("DONTNEED with hole", madvise(p, 16 * PG, MADV_DONTNEED));
    T("after DONTNEED", p[0] + p[15 * PG]);
    T("munmap", munmap(p, 16 * PG));
    return 0;
}
