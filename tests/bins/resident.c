/* SPDX-License-Identifier: MIT */
/* mincore sees which pages are in memory; mlock brings a range in,
 * mlock2(MLOCK_ONFAULT) does not; both check the range as Linux does. */
#include "t.h"
#include <sys/mman.h>

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif

static void show(const char *label, char *p, int n)
{
    unsigned char v[16];
    long r = syscall(SYS_mincore, p, n * 4096L, v);
    printf("%s:", label);
    if (r < 0)
        printf(" %s", t_errname(errno));
    for (int i = 0; r == 0 && i < n; i++)
        printf(" %d", v[i] & 1);
    printf("\n");
}

int main(void)
{
    char *p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = p[2 * 4096] = 1;
    show("touched 0 and 2", p, 8);
    T("mlock pages 4-5", mlock(p + 4 * 4096, 2 * 4096));
    show("after mlock", p, 8);
    T("mlock unaligned start", mlock(p + 6 * 4096 + 100, 10));
    show("after unaligned mlock", p, 8);
    T("munlock", munlock(p, 8 * 4096));
    T("mlock2 onfault", syscall(SYS_mlock2, p + 7 * 4096, 4096, MLOCK_ONFAULT));
    T("mlock2 bad flags", syscall(SYS_mlock2, p + 7 * 4096, 4096, 2));
    show("after mlock2 onfault", p, 8);
    T("mincore unaligned", syscall(SYS_mincore, p + 1, 4096, (unsigned char[1]){0}));
    T("mincore bad vec", syscall(SYS_mincore, p, 4096, (void *)8));
    munmap(p + 4096, 4096);
    show("hole at page 1", p, 3);
    T("mlock over the hole", mlock(p, 3 * 4096));
    T("munlock over the hole", munlock(p, 3 * 4096));
    T("mincore kernel address", syscall(SYS_mincore, (void *)0xffff800000000000UL, 4096, (unsigned char[1]){0}));
    char *ro = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    T("mlock PROT_NONE", mlock(ro, 4096));
    show("PROT_NONE", ro, 1);
    return 0;
}
