// SPDX-License-Identifier: MIT
/* The memory the kernel may be handed: the zone (read-only pages, scratch
 * for the kernel to write, prepared structs, guard pages between them), the
 * arena that memory-changing calls may cut up, and the shapes of pointers. */
#define _GNU_SOURCE
#include "sysfuzz.h"
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#define ZONE_PAGES 15
#define SCRATCH_PAGES 8
#define STRUCT_PAGES 2
#define ARENA_PAGES 64
#define SLACK_PAGES 16
#define NMAPS 32
#define USER_TOP 0x800000000000ULL

struct fz_mem fz_mem;
extern char __executable_start[];
static uint64_t own_lo, own_hi, stack_lo, vdso;
static uint64_t zone_lo, zone_hi;
static volatile uint64_t canary[32];
static struct {
    uint64_t addr, len;
} maps[NMAPS];
static unsigned nmaps, oldest;
static uint64_t region_lo, region_hi, last; /* of the last mem_mm_addr */

int mem_init(void)
{
    uint8_t *z = mmap(NULL, ZONE_PAGES * FZ_PAGE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (z == MAP_FAILED)
        return -1;
    fz_mem.ro0 = z;
    fz_mem.ro1 = z + FZ_PAGE;
    fz_mem.none = z + 2 * FZ_PAGE;
    fz_mem.scratch = z + 3 * FZ_PAGE;
    fz_mem.scratch_len = SCRATCH_PAGES * FZ_PAGE;
    fz_mem.guard = fz_mem.scratch + fz_mem.scratch_len;
    fz_mem.structs = fz_mem.guard + FZ_PAGE;
    fz_mem.structs_len = STRUCT_PAGES * FZ_PAGE;
    paths_init(fz_mem.ro1, FZ_PAGE);
    if (mprotect(z, 2 * FZ_PAGE, PROT_READ) ||
        mprotect(fz_mem.none, FZ_PAGE, PROT_NONE) ||
        mprotect(fz_mem.guard, FZ_PAGE, PROT_NONE) ||
        mprotect(fz_mem.structs + fz_mem.structs_len, FZ_PAGE, PROT_NONE))
        return -1;
    zone_lo = (uint64_t)z;
    zone_hi = zone_lo + ZONE_PAGES * FZ_PAGE;

    /* The arena, with slack on both sides that starts out unmapped, and
     * holes of every kind inside. */
    uint64_t total = (ARENA_PAGES + 2 * SLACK_PAGES) * FZ_PAGE;
    uint8_t *a = mmap(NULL, total, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED)
        return -1;
    fz_mem.slack = SLACK_PAGES * FZ_PAGE;
    fz_mem.arena = (uint64_t)a + fz_mem.slack;
    fz_mem.arena_len = ARENA_PAGES * FZ_PAGE;
    munmap(a, fz_mem.slack);
    munmap((void *)(fz_mem.arena + fz_mem.arena_len), fz_mem.slack);
    munmap((void *)(fz_mem.arena + 8 * FZ_PAGE), 2 * FZ_PAGE);
    mprotect((void *)(fz_mem.arena + 20 * FZ_PAGE), FZ_PAGE, PROT_NONE);
    mprotect((void *)(fz_mem.arena + 30 * FZ_PAGE), 2 * FZ_PAGE, PROT_READ);

    /* What a random number must never be: the image up to well past the
     * heap, the stack, the vDSO, the zone. */
    uint64_t here = (uint64_t)&total;
    own_lo = (uint64_t)__executable_start & ~(FZ_PAGE - 1);
    own_hi = (uint64_t)sbrk(0) + (256ULL << 20);
    stack_lo = (here & ~(FZ_PAGE - 1)) - (64ULL << 20);
    vdso = getauxval(AT_SYSINFO_EHDR);
    for (unsigned i = 0; i < 32; i++)
        canary[i] = 0x5a5a5a5a5a5a5a5aULL ^ i;
    return 0;
}

static int within(uint64_t v, uint64_t lo, uint64_t hi)
{
    return v >= lo && v < hi;
}

int mem_is_own(uint64_t v)
{
    return within(v, own_lo, own_hi) || within(v, stack_lo, USER_TOP) ||
           within(v, zone_lo, zone_hi) ||
           (vdso && within(v, vdso - 0x10000, vdso + 0x10000));
}

static int overlaps(uint64_t a, uint64_t end, uint64_t lo, uint64_t hi)
{
    return a < hi && lo < end;
}

int mem_mm_ok(uint64_t a, uint64_t len)
{
    uint64_t alen = (len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
    if (a >= USER_TOP || len > USER_TOP - a || alen < len ||
        alen > USER_TOP - a)
        return 1; /* every correct kernel refuses it */
    uint64_t lo = a & ~(FZ_PAGE - 1), end = a + alen;
    if (!alen)
        end = lo + FZ_PAGE;
    if (overlaps(lo, end, own_lo, own_hi) ||
        overlaps(lo, end, stack_lo, USER_TOP) ||
        overlaps(lo, end, zone_lo, zone_hi) ||
        (vdso && overlaps(lo, end, vdso - 0x10000, vdso + 0x10000)))
        return 0;
    if (lo >= fz_mem.arena - fz_mem.slack &&
        end <= fz_mem.arena + fz_mem.arena_len + fz_mem.slack)
        return 1;
    for (unsigned i = 0; i < nmaps; i++)
        if (lo >= maps[i].addr && end <= maps[i].addr + maps[i].len)
            return 1;
    return 0; /* and the lowest pages stay unmapped, NULL and 1 stay bad */
}

void mem_note_map(uint64_t addr, uint64_t len)
{
    if (!len || addr >= USER_TOP || addr & (FZ_PAGE - 1))
        return;
    if (nmaps == NMAPS) {
        unsigned i = oldest;
        oldest = (oldest + 1) % NMAPS;
        if (mem_mm_ok(maps[i].addr, maps[i].len) &&
            !(maps[i].addr >= fz_mem.arena - fz_mem.slack &&
              maps[i].addr < fz_mem.arena + fz_mem.arena_len + fz_mem.slack))
            munmap((void *)maps[i].addr, maps[i].len);
        maps[i].addr = addr;
        maps[i].len = len;
        return;
    }
    maps[nmaps].addr = addr;
    maps[nmaps++].len = len;
}

/* Never mapped by anyone: kernel halves, non-canonical, the zone's
 * PROT_NONE pages, and the lowest page (mem_mm_ok keeps it out). */
static const uint64_t dead[] = {
    1,
    ~0ULL,
    0xffff800000000000ULL,
    0xffff800000100000ULL,
    0xffff800000104020ULL,
    0xffffffff80000000ULL,
    0xffffffff80104020ULL,
    0xffffffff80120000ULL,
    0xffffffffff600000ULL,
    0x0000800000000000ULL,
    0x8000000000000000ULL,
    0xfff,
};

uint64_t mem_dead_ptr(void)
{
    switch (rng_below(6)) {
    case 0:
        return (uint64_t)fz_mem.none + rng_below(FZ_PAGE);
    case 1:
        return (uint64_t)fz_mem.guard + rng_below(64);
    case 2:
        return 0xffff800000000000ULL | (rng_next() & 0x7ffffff8ULL);
    case 3:
        return (rng_next() | 0x8000000000000000ULL) & ~7ULL;
    default:
        return RNG_PICK(dead);
    }
}

/* Bad for the kernel, though a call of ours may have mapped some of them
 * (a hint of 0x10000 is a hint): use only where the content is harmless. */
uint64_t mem_bad_ptr(void)
{
    static const uint64_t low[] = {0,
                                   0x1000,
                                   0x10000,
                                   0x7ffffffff000ULL,
                                   0x7ffffffffff8ULL,
                                   0x7fffffffffffULL};
    return rng_chance(25) ? RNG_PICK(low) : mem_dead_ptr();
}

uint64_t mem_out_ptr(void)
{
    uint64_t s = (uint64_t)fz_mem.scratch, n = fz_mem.scratch_len;
    switch (rng_below(20)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
        return s;
    case 7:
    case 8:
    case 9:
        return s + (rng_below(n) & ~7ULL);
    case 10:
        return s + 1 + rng_below(63); /* misaligned */
    case 11:
        return s + n - 1 - rng_below(64); /* runs into the guard page */
    case 12:
        return (uint64_t)fz_mem.ro0 + (rng_below(FZ_PAGE) & ~7ULL);
    case 13:
        return (uint64_t)fz_mem.ro1 + FZ_PAGE - 1 - rng_below(16);
    case 14:
        return (uint64_t)&mem_init; /* our text: read-only */
    case 15:
        return fz_mem.arena + rng_below(fz_mem.arena_len / FZ_PAGE) * FZ_PAGE;
    default:
        return mem_bad_ptr();
    }
}

uint64_t mem_in_ptr(void)
{
    switch (rng_below(12)) {
    case 0:
    case 1:
    case 2:
        return (uint64_t)fz_mem.scratch + rng_below(fz_mem.scratch_len);
    case 3:
        return (uint64_t)fz_mem.ro0;
    case 4:
        return (uint64_t)fz_mem.ro1 + rng_below(FZ_PAGE);
    case 5:
        return (uint64_t)fz_table + rng_below(4096); /* our rodata */
    case 6:
        return fz_mem.arena + rng_below(fz_mem.arena_len);
    default:
        return mem_out_ptr();
    }
}

uint64_t mem_mm_addr(void)
{
    uint64_t pages = fz_mem.arena_len / FZ_PAGE, slack = fz_mem.slack / FZ_PAGE;
    uint64_t a;
    unsigned r = rng_below(20);
    if (r < 14) {
        region_lo = fz_mem.arena - fz_mem.slack;
        region_hi = fz_mem.arena + fz_mem.arena_len + fz_mem.slack;
        a = fz_mem.arena + (rng_below(pages + slack) - slack / 2) * FZ_PAGE;
        if (rng_chance(5))
            a += 1 + rng_below(FZ_PAGE - 1);
        return last = a;
    }
    if (r < 17 && nmaps) {
        unsigned i = rng_below(nmaps);
        region_lo = maps[i].addr;
        region_hi = maps[i].addr + maps[i].len;
        return last = region_lo + rng_below(maps[i].len / FZ_PAGE) * FZ_PAGE;
    }
    region_lo = region_hi = 0;
    return rng_chance(30) ? 0 : mem_bad_ptr() & ~(FZ_PAGE - 1);
}

uint64_t mem_mm_len(void)
{
    static const uint64_t must_fail[] = {
        ~0ULL, 1ULL << 62, 0x800000000000ULL, ~0xfffULL, 1ULL << 63,
    };
    if (rng_chance(10))
        return RNG_PICK(must_fail);
    if (rng_chance(5))
        return 0;
    if (region_hi == 0) /* a bad address: a little of everything */
        return rng_chance(50) ? FZ_PAGE : rng_below(3 * FZ_PAGE);
    uint64_t room = region_hi - (last & ~(FZ_PAGE - 1));
    uint64_t len = (1 + rng_below(room / FZ_PAGE / 2 + 1)) * FZ_PAGE;
    if (rng_chance(10))
        len += 1 + rng_below(FZ_PAGE - 1);
    return len;
}

uint64_t mem_check(void)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    const uint64_t *p = (const uint64_t *)fz_mem.ro0;
    for (size_t i = 0; i < 2 * FZ_PAGE / 8; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    for (unsigned i = 0; i < 32; i++)
        h = (h ^ canary[i]) * 0x100000001b3ULL;
    return h;
}
