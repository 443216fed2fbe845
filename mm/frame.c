// SPDX-License-Identifier: MIT
/*
 * Physical frames.  RAM the VMM hands over is already zero, so frames that
 * were never used come from a bump pointer and need no clearing; only
 * recycled frames are zeroed, when they are handed out again.  Zeroing at
 * CPL 0 is slow on some hypervisors (PLATFORM.md), so this matters.
 */
#include "include/abi.h"
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"

static uint64_t bump, bump_end; /* never-used frames */
static uint64_t free_list;      /* recycled frames, linked through page 0 */
static uint64_t nfree_list, total;

void frame_init(uint64_t lo, uint64_t hi, uint64_t ram_end)
{
    bump = ALIGN_UP(lo, PAGE_SIZE);
    bump_end = ALIGN_DOWN(hi, PAGE_SIZE);
    total = ram_end;
}

uint64_t frame_alloc(void)
{
    if (free_list) {
        uint64_t f = free_list;
        uint64_t *p = phys_to_virt(f);
        free_list = p[0];
        nfree_list--;
        memset(p, 0, PAGE_SIZE);
        return f;
    }
    return frame_alloc_contig(1);
}

uint64_t frame_alloc_contig(uint64_t n)
{
    if (n > (bump_end - bump) / PAGE_SIZE)
        return 0;
    uint64_t f = bump;
    bump += n * PAGE_SIZE;
    return f;
}

void frame_free(uint64_t phys)
{
    *(uint64_t *)phys_to_virt(phys) = free_list;
    free_list = phys;
    nfree_list++;
}

uint64_t frame_free_count(void)
{
    return (bump_end - bump) / PAGE_SIZE + nfree_list;
}

void mm_get_stats(struct mm_stats *st)
{
    st->total_bytes = total;
    st->free_bytes = frame_free_count() * PAGE_SIZE;
}

void mm_init(uint64_t ram_end, uint64_t reserved_lo, uint64_t reserved_hi)
{
    extern char _end[];
    (void)reserved_hi; /* the archive sits at the top of RAM */
    frame_init((uint64_t)_end - UK_KERNEL_VIRT, reserved_lo, ram_end);
    paging_init(ram_end);
    heap_init(ram_end);
}
