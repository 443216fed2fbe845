/* SPDX-License-Identifier: MIT */
/* mremap: shrink, grow in place or by moving (contents kept, new tail
 * zero), ENOMEM without MREMAP_MAYMOVE, MREMAP_FIXED. */
#include "t.h"
#include <sys/mman.h>

#define PG 4096

static void fill(char *p, long n, char c)
{
    for (long i = 0; i < n; i += 512)
        p[i] = c;
}

static long count(char *p, long n, char c)
{
    long k = 0;
    for (long i = 0; i < n; i += 512)
        k += p[i] == c;
    return k;
}

int main(void)
{
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(p, 4 * PG, 'a');
    char *q = mremap(p, 4 * PG, 2 * PG, 0);
    FACT("shrink in place", q == p);
    T("kept", count(q, 2 * PG, 'a'));
    /* grow the first page of a bigger mapping: no room, cannot move */
    q = mremap(p, PG, 2 * PG, 0);
    printf("grow inside mapping without MAYMOVE: %s\n",
           q == MAP_FAILED ? t_errname(errno) : "ok");
    q = mremap(p, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
    FACT("grow with MAYMOVE", q != MAP_FAILED);
    T("contents kept", count(q, 2 * PG, 'a'));
    T("new part zero", count(q + 2 * PG, 62 * PG, 0));
    fill(q, 64 * PG, 'b');
    char *d = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *r = mremap(q, 64 * PG, 64 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, d);
    FACT("MREMAP_FIXED lands at target", r == d);
    T("moved contents", count(r, 64 * PG, 'b'));
    T("old range unmapped", mprotect(q, PG, PROT_READ));
    T("FIXED without MAYMOVE", (long)mremap(r, PG, PG, MREMAP_FIXED, q));
    T("unaligned old", (long)mremap(r + 1, PG, 2 * PG, MREMAP_MAYMOVE));
    T("new size 0", (long)mremap(r, PG, 0, MREMAP_MAYMOVE));
    T("bad flags", (long)mremap(r, PG, PG, 0x80));
    T("unmapped old", (long)mremap(q, PG, 2 * PG, MREMAP_MAYMOVE));
    /* a growing buffer, like realloc of a big block */
    size_t len = PG;
    char *g = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int bad = 0;
    for (int i = 0; i < 10; i++) {
        g[len - 1] = (char)i;
        g = mremap(g, len, len * 2, MREMAP_MAYMOVE);
        if (g == MAP_FAILED) {
            printf("grow step %d: %s\n", i, t_errname(errno));
            return 1;
        }
        bad += g[len - 1] != (char)i || g[len] != 0;
        len *= 2;
    }
    printf("grew to %zu bytes, bad steps %d\n", len, bad);
    T("munmap", munmap(g, len));
    return 0;
}
