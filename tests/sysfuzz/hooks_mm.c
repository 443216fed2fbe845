// SPDX-License-Identifier: MIT
/*
 * Constraints of the calls that create or change mappings: a fixed address
 * is in the arena (args.c and mem_mm_ok check every range against our own
 * memory) unless MAP_FIXED_NOREPLACE forbids replacing anything, brk only
 * grows, nothing populates more than a little memory.
 */
#include "sysfuzz.h"
#include <sys/syscall.h>
#include <unistd.h>

#define MAP_FIXED_ 0x10
#define MAP_NOREPLACE_ 0x100000

void hk_mmap(struct fz_call *c)
{
    static const uint64_t types[] = {2, 2, 2, 1, 1, 3, 0, 0xf};
    static const uint64_t extra[] = {
        0,       0,       0,       0x100,   0x2000, 0x4000,    0x8000,
        0x10000, 0x20000, 0x40000, 0x80000, 0x40,   0x4000000, 0x800};
    static const uint64_t prots[] = {0, 1, 2,          3,          4,
                                     5, 7, 0x01000000, 0x02000000, 8};
    if (rng_chance(80)) {
        c->a[3] =
            RNG_PICK(types) | (rng_chance(60) ? 0x20 : 0) | RNG_PICK(extra);
        if (rng_chance(25))
            c->a[3] |= MAP_FIXED_;
        else if (rng_chance(10))
            c->a[3] |= MAP_NOREPLACE_ | (rng_chance(50) ? MAP_FIXED_ : 0);
    }
    if (rng_chance(80))
        c->a[2] = RNG_PICK(prots);
    int noreplace = (c->a[3] & MAP_NOREPLACE_) != 0;
    if (noreplace && rng_chance(30)) {
        /* A page that is certainly mapped: EEXIST, with MAP_FIXED too. */
        c->a[0] = (uint64_t)fz_mem.ro1;
        c->a[1] = FZ_PAGE;
    } else if (c->a[3] & (MAP_FIXED_ | MAP_NOREPLACE_)) {
        c->a[1] = mem_mm_len();
    } else {
        if (rng_chance(50))
            c->a[0] = rng_chance(50) ? 0 : val_any();
        c->a[1] = rng_chance(60) ? (1 + rng_below(16)) * FZ_PAGE : val_size();
    }
    if ((c->a[3] & 0xa000) && c->a[1] > 65536) /* POPULATE, LOCKED */
        c->a[1] = 65536;
    /* Checked last, when the length is final.  MAP_FIXED_NOREPLACE never
     * replaces a mapping, MAP_FIXED or not. */
    if ((c->a[3] & MAP_FIXED_) && !noreplace && !mem_mm_ok(c->a[0], c->a[1]))
        c->skip = 1;
    if ((c->a[3] & 0x20) && rng_chance(80))
        c->a[4] = ~0ULL;
    if (rng_chance(70))
        c->a[5] = rng_chance(70) ? 0 : rng_below(4) * FZ_PAGE;
}

void hk_mremap(struct fz_call *c)
{
    static const uint64_t flags[] = {0, 1, 1, 3, 3, 5, 7, 2, 4};
    if (rng_chance(85))
        c->a[3] = RNG_PICK(flags);
    if (c->a[3] & 2) { /* MREMAP_FIXED: the new range is in the arena */
        c->a[2] = mem_mm_len();
        if (!mem_mm_ok(c->a[4], c->a[2]))
            c->skip = 1;
    } else if (rng_chance(60)) {
        c->a[2] = (1 + rng_below(32)) * FZ_PAGE;
    }
}

/* brk only grows: a shrink could take back the heap the libc uses. */
void hk_brk(struct fz_call *c)
{
    uint64_t cur = (uint64_t)syscall(SYS_brk, 0);
    switch (rng_below(6)) {
    case 0:
        c->a[0] = 0;
        break;
    case 1:
        c->a[0] = mem_bad_ptr();
        break;
    case 2:
        c->a[0] = 0x1000 + rng_below(0x100000); /* below the program */
        break;
    default:
        c->a[0] = cur + rng_below(16) * FZ_PAGE + rng_below(2) * 123;
    }
    if (mem_is_own(c->a[0]) && c->a[0] < cur)
        c->a[0] = cur;
}

void hk_mlockall(struct fz_call *c)
{
    if (c->a[0] & 3) /* CURRENT, FUTURE: lock only what gets touched */
        c->a[0] |= 4;
}

void hk_shmat(struct fz_call *c)
{
    c->a[2] &= ~040000ULL; /* SHM_REMAP: the segment size is unknown */
}
