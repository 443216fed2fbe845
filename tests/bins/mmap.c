/* SPDX-License-Identifier: MIT */
/* Anonymous private mappings: demand zero, touch, partial munmap, hints,
 * MAP_FIXED, MAP_FIXED_NOREPLACE and argument errors. */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define MB (1024 * 1024)
#define PG 4096

static void *map(size_t len, int prot, int flags, void *hint)
{
    return mmap(hint, len, prot, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int main(void)
{
    unsigned char *p = map(8 * MB, PROT_READ | PROT_WRITE, 0, NULL);
    FACT("mmap 8 MiB", p != MAP_FAILED);
    FACT("page aligned", ((uintptr_t)p & (PG - 1)) == 0);
    long nz = 0;
    for (long i = 0; i < 8 * MB; i += 512)
        nz += p[i] != 0;
    printf("nonzero sampled bytes %ld\n", nz);
    for (long i = 0; i < 8 * MB; i += PG)
        p[i] = (unsigned char)(i / PG), p[i + PG - 1] = 0xa5;
    long sum = 0;
    for (long i = 0; i < 8 * MB; i += PG)
        sum += p[i] + p[i + PG - 1];
    printf("checksum %ld\n", sum);
    T("munmap middle page", munmap(p + 4 * PG, PG));
    T("ends still intact", p[3 * PG] + p[5 * PG]);
    T("munmap unaligned", munmap(p + 1, PG));
    T("munmap len 0", munmap(p, 0));
    T("munmap unmapped again", munmap(p + 4 * PG, PG));
    unsigned char *q = map(PG, PROT_READ | PROT_WRITE, MAP_FIXED, p + 4 * PG);
    FACT("MAP_FIXED into hole", q == p + 4 * PG);
    FACT("hole page zero again", q[0] == 0 && q[PG - 1] == 0);
    q = map(PG, PROT_READ | PROT_WRITE, MAP_FIXED, p + 5 * PG);
    FACT("MAP_FIXED over data", q == p + 5 * PG && q[0] == 0);
    q = map(PG, PROT_READ, MAP_FIXED_NOREPLACE, p);
    printf("MAP_FIXED_NOREPLACE over mapping: %s\n",
           q == MAP_FAILED ? t_errname(errno) : "mapped");
    q = map(PG, PROT_READ, MAP_FIXED | MAP_FIXED_NOREPLACE, p);
    printf("MAP_FIXED|MAP_FIXED_NOREPLACE over mapping: %s\n",
           q == MAP_FAILED ? t_errname(errno) : "mapped");
    T("munmap all", munmap(p, 8 * MB));
    T("mmap len 0", (long)map(0, PROT_READ, 0, NULL));
    T("mmap no type", (long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
    T("mmap bad fd", (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 77, 0));
    T("mmap unaligned offset", (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 5));
    T("MAP_FIXED unaligned", (long)map(PG, PROT_READ, MAP_FIXED, (char *)p + 1));
    q = map(3 * PG, PROT_READ | PROT_WRITE, 0, (void *)0x200000000000ul);
    FACT("hint honoured or elsewhere", q != MAP_FAILED);
    q[2 * PG] = 1;
    T("munmap", munmap(q, 3 * PG));
    q = map(PG, PROT_READ, 0, (void *)0x1000);
    printf("hint below 64 KiB gives %p\n", (void *)q);
    T("munmap", munmap(q, PG));
    /* many small mappings */
    void *v[256];
    int ok = 0;
    for (int i = 0; i < 256; i++)
        ok += (v[i] = map(PG, PROT_READ | PROT_WRITE, 0, NULL)) != MAP_FAILED;
    for (int i = 0; i < 256; i++)
        ok -= munmap(v[i], PG) == 0;
    printf("256 map/unmap balance %d\n", ok);
    return 0;
}
