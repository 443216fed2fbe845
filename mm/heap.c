// SPDX-License-Identifier: MIT
/*
 * The kernel heap.  Requests up to 2 KiB come from power-of-two size
 * classes carved lazily out of pages (no loop over a new page); larger ones
 * get whole, page-aligned, zeroed frames.  A byte per page frame remembers
 * which is which, so kfree needs no header.
 */
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"

#define NCLASS 8 /* 16 .. 2048 bytes */
#define LARGE 0x80000000u

static uint32_t *meta; /* per frame: class + 1, or LARGE | pages */
/* Freed one-page blocks, kept for the next one: path buffers come and go
 * with every path syscall, and a frame given back would be zeroed when
 * reused, which is slow at CPL 0 on some hypervisors. */
static void *page_cache[16];
static unsigned npage_cache;
static struct {
    void *free;
    char *next, *end;
} cls[NCLASS];

void heap_init(uint64_t ram_end)
{
    uint64_t bytes = ram_end / PAGE_SIZE * sizeof(uint32_t);
    uint64_t f = frame_alloc_contig(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE);
    if (!f)
        panic("no memory for the heap");
    meta = phys_to_virt(f);
}

/* The smallest class 16 << c that holds n (1 <= n <= 2048). */
static int class_of(size_t n)
{
    return n <= 16 ? 0 : 60 - __builtin_clzl(n - 1);
}

static uint32_t *meta_of(const void *p)
{
    return &meta[virt_to_phys(p) / PAGE_SIZE];
}

/* n bytes; *zero says whether they are known to be zero: a frame
 * frame_alloc zeroed, or a part of a class page not handed out before. */
static void *alloc(size_t n, int *zero)
{
    *zero = 0;
    if (n > 2048 && n <= PAGE_SIZE && npage_cache)
        return page_cache[--npage_cache];
    *zero = 1;
    if (n > 2048) {
        uint64_t np = ALIGN_UP(n, PAGE_SIZE) / PAGE_SIZE;
        uint64_t f = np == 1 ? frame_alloc() : frame_alloc_contig(np);
        if (!f)
            return NULL;
        meta[f / PAGE_SIZE] = LARGE | (uint32_t)np;
        return phys_to_virt(f);
    }
    int c = class_of(n ? n : 1);
    void *p = cls[c].free;
    if (p) {
        cls[c].free = *(void **)p;
        *zero = 0;
        return p;
    }
    if (cls[c].next == cls[c].end) {
        uint64_t f = frame_alloc();
        if (!f)
            return NULL;
        meta[f / PAGE_SIZE] = (uint32_t)c + 1;
        cls[c].next = phys_to_virt(f);
        cls[c].end = cls[c].next + PAGE_SIZE;
    }
    p = cls[c].next;
    cls[c].next += 16UL << c;
    return p;
}

void *kmalloc(size_t n)
{
    int zero;
    return alloc(n, &zero);
}

static size_t size_of(const void *p)
{
    uint32_t m = *meta_of(p);
    return m & LARGE ? (size_t)(m & ~LARGE) * PAGE_SIZE : 16UL << (m - 1);
}

void *kzalloc(size_t n)
{
    int zero;
    void *p = alloc(n, &zero);
    if (p && !zero)
        memset(p, 0, n);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint32_t m = *meta_of(p);
    if (m == (LARGE | 1) && npage_cache < NELEM(page_cache)) {
        page_cache[npage_cache++] = p;
        return;
    }
    if (m & LARGE) {
        uint64_t f = virt_to_phys(p);
        for (uint32_t i = 0; i < (m & ~LARGE); i++)
            frame_free(f + i * PAGE_SIZE);
        return;
    }
    *(void **)p = cls[m - 1].free;
    cls[m - 1].free = p;
}

void *krealloc(void *p, size_t n)
{
    if (!p)
        return kmalloc(n);
    size_t old = size_of(p);
    if (n <= old)
        return p;
    void *q = kmalloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, old);
    kfree(p);
    return q;
}
