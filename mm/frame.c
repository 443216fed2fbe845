// SPDX-License-Identifier: MIT
/*
 * Physical frames: one bit each for "in use" and for "used before".  RAM
 * the VMM hands over is already zero, so a frame that was never used is
 * handed out as it is; only a recycled frame is zeroed, when it is handed
 * out again.  Zeroing at CPL 0 is slow on some hypervisors (README: platform notes).
 * Freed frames are found again by contiguous requests too.
 */
#include "include/abi.h"
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"

#define BITS 64

static uint64_t *used, *dirty; /* one bit per frame */
/* Owners beyond the first: a frame that fork left in two address spaces
 * is freed by its last owner (copy-on-write, mm/fork.c). */
static uint16_t *extra;
static uint64_t nframes, nfree, hint, total;

static int test(const uint64_t *map, uint64_t f)
{
    return (map[f / BITS] >> (f % BITS)) & 1;
}

/* Set or clear bits [lo, hi), a word at a time where it can. */
static void mark(uint64_t *map, uint64_t lo, uint64_t hi, int on)
{
    while (lo < hi) {
        uint64_t n = MIN(hi - lo, BITS - lo % BITS);
        uint64_t m = (n == BITS ? ~0ULL : ((1ULL << n) - 1)) << (lo % BITS);
        if (on)
            map[lo / BITS] |= m;
        else
            map[lo / BITS] &= ~m;
        lo += n;
    }
}

/* Frames [lo, hi) of physical memory are free; the rest is taken.  The
 * bitmaps themselves go at the start of the free range. */
void frame_init(uint64_t lo, uint64_t hi, uint64_t ram_end)
{
    total = ram_end;
    nframes = ram_end / PAGE_SIZE;
    uint64_t words = (nframes + BITS - 1) / BITS;
    uint64_t bytes = ALIGN_UP(2 * words * sizeof(uint64_t) +
                                  nframes * sizeof(uint16_t),
                              PAGE_SIZE);
    lo = ALIGN_UP(lo, PAGE_SIZE);
    /* Reached through the boot mapping of the first GiB. */
    used = (uint64_t *)(lo + UK_KERNEL_VIRT);
    dirty = used + words;
    extra = (uint16_t *)(dirty + words);
    lo += bytes;
    hi = ALIGN_DOWN(hi, PAGE_SIZE);
    /* Only the edges need bits set: the maps start as zero RAM. */
    mark(used, 0, lo / PAGE_SIZE, 1);
    mark(used, hi / PAGE_SIZE, words * BITS, 1);
    nfree = hi / PAGE_SIZE - lo / PAGE_SIZE;
    hint = lo / PAGE_SIZE;
}

/* The bitmaps move to the direct map once it exists. */
void frame_relocate(void)
{
    used = phys_to_virt((uint64_t)used - UK_KERNEL_VIRT);
    dirty = phys_to_virt((uint64_t)dirty - UK_KERNEL_VIRT);
    extra = phys_to_virt((uint64_t)extra - UK_KERNEL_VIRT);
}

/* One frame: the common case (page faults, page tables), in a few
 * instructions. */
static uint64_t take_one(uint64_t f, bool zero)
{
    uint64_t w = f / BITS, b = 1ULL << (f % BITS);
    used[w] |= b;
    nfree--;
    if (zero && (dirty[w] & b))
        memset(phys_to_virt(f * PAGE_SIZE), 0, PAGE_SIZE);
    dirty[w] &= ~b; /* zeroed, or written before use */
    return f * PAGE_SIZE;
}

static uint64_t take(uint64_t f, uint64_t n, bool zero)
{
    if (n == 1)
        return take_one(f, zero);
    mark(used, f, f + n, 1);
    nfree -= n;
    if (!zero) {
        mark(dirty, f, f + n, 0); /* they will be written before use */
        return f * PAGE_SIZE;
    }
    for (uint64_t i = f; i < f + n;) {
        /* Frames i.. of this word that were never used need nothing. */
        if (!(dirty[i / BITS] >> (i % BITS))) {
            i = (i / BITS + 1) * BITS;
            continue;
        }
        if (test(dirty, i)) {
            memset(phys_to_virt(i * PAGE_SIZE), 0, PAGE_SIZE);
            mark(dirty, i, i + 1, 0);
        }
        i++;
    }
    return f * PAGE_SIZE;
}

uint64_t frame_alloc(void)
{
    uint64_t words = (nframes + BITS - 1) / BITS;
    for (uint64_t k = 0; k < words; k++) {
        uint64_t w = (hint / BITS + k) % words;
        if (used[w] != ~0ULL) {
            uint64_t f = w * BITS + (uint64_t)__builtin_ctzll(~used[w]);
            hint = f + 1;
            return take(f, 1, true);
        }
    }
    return 0;
}

static uint64_t contig(uint64_t n, bool zero);

uint64_t frame_alloc_contig(uint64_t n)
{
    return contig(n, true);
}

uint64_t frame_alloc_contig_dirty(uint64_t n)
{
    return contig(n, false);
}

static uint64_t contig(uint64_t n, bool zero)
{
    if (n == 1 && zero)
        return frame_alloc();
    if (n > nfree)
        return 0;
    /* Every frame below hint is in use.  Walk runs of free and used
     * frames a word at a time. */
    uint64_t run = 0, start = 0;
    for (uint64_t f = hint; f < nframes;) {
        unsigned b = f % BITS, avail = BITS - b;
        uint64_t w = used[f / BITS] >> b; /* bit 0 is frame f */
        unsigned k;
        if (!(w & 1)) {
            k = w ? MIN((unsigned)__builtin_ctzll(w), avail) : avail;
            if (!run)
                start = f;
            run += k;
            if (run >= n)
                return take(start, n, zero);
            if (k < avail)
                run = 0; /* the run ends at a used frame */
        } else {
            k = ~w ? MIN((unsigned)__builtin_ctzll(~w), avail) : avail;
            run = 0;
        }
        f += k;
    }
    return 0;
}

int frame_share(uint64_t phys)
{
    uint16_t *n = &extra[phys / PAGE_SIZE];
    if (*n == UINT16_MAX)
        return -ENOMEM;
    ++*n;
    return 0;
}

int frame_shared(uint64_t phys)
{
    return extra[phys / PAGE_SIZE] != 0;
}

void frame_free(uint64_t phys)
{
    uint64_t f = phys / PAGE_SIZE;
    if (extra[f]) {
        extra[f]--; /* another owner keeps it */
        return;
    }
    mark(used, f, f + 1, 0);
    mark(dirty, f, f + 1, 1);
    nfree++;
    if (f < hint)
        hint = f;
}

void frame_free_zeroed(uint64_t phys)
{
    frame_free(phys);
    mark(dirty, phys / PAGE_SIZE, phys / PAGE_SIZE + 1, 0);
}

uint64_t frame_free_count(void)
{
    return nfree;
}

void mm_get_stats(struct mm_stats *st)
{
    st->total_bytes = total;
    st->free_bytes = nfree * PAGE_SIZE;
}

void mm_init(uint64_t ram_end, uint64_t reserved_lo, uint64_t reserved_hi)
{
    extern char _end[];
    (void)reserved_hi; /* the archive sits at the top of RAM */
    frame_init((uint64_t)_end - UK_KERNEL_VIRT, reserved_lo, ram_end);
    paging_init(ram_end);
    frame_relocate();
    heap_init(ram_end);
    struct mm_space *first = mm_new(); /* the first process's */
    if (!first)
        panic("no memory for the first address space");
    mm_switch(first);
}
