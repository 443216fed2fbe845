// SPDX-License-Identifier: MIT
/* The program's mappings: a sorted list, split and trimmed as mmap,
 * munmap and mprotect cut through it. */
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "mm/internal.h"
#include "mm/mm.h"

static struct vma *vmas;

static struct vma *vma_new(uint64_t start, uint64_t end, const struct vma *like)
{
    struct vma *v = kmalloc(sizeof(*v));
    if (!v)
        return NULL;
    *v = *like;
    v->start = start;
    v->end = end;
    if (v->file) {
        file_get(v->file);
        if (v->flags & VMA_SHARED)
            vfs_file_map(v->file, 1);
        v->off = like->off + (start - like->start);
    }
    return v;
}

static void vma_free(struct vma *v)
{
    if (v->file && (v->flags & VMA_SHARED))
        vfs_file_map(v->file, -1);
    if (v->file)
        file_put(v->file);
    kfree(v);
}

/* Whether b continues a, so the two can be one mapping, as Linux merges
 * them (mremap needs its range inside one). */
static int mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->file == b->file &&
           (!a->file || a->off + (a->end - a->start) == b->off);
}

static void merge_next(struct vma *a)
{
    struct vma *b = a->next;
    a->end = b->end;
    a->next = b->next;
    vma_free(b);
}

/* Split so that no vma straddles addr.  0 or -ENOMEM. */
static int split_at(uint64_t addr)
{
    for (struct vma *v = vmas; v; v = v->next) {
        if (v->start < addr && addr < v->end) {
            struct vma *tail = vma_new(addr, v->end, v);
            if (!tail)
                return -ENOMEM;
            tail->next = v->next;
            v->next = tail;
            v->end = addr;
            return 0;
        }
    }
    return 0;
}

struct vma *vma_find(uint64_t addr)
{
    for (struct vma *v = vmas; v && v->start <= addr; v = v->next)
        if (addr < v->end)
            return v;
    return NULL;
}

uint64_t vma_next_start(uint64_t addr)
{
    for (struct vma *v = vmas; v; v = v->next)
        if (v->start > addr)
            return v->start;
    return MM_USER_TOP;
}

int vma_is_free(uint64_t start, uint64_t len)
{
    for (struct vma *v = vmas; v; v = v->next)
        if (v->start < start + len && start < v->end)
            return 0;
    return 1;
}

int vma_unmap(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    if (split_at(start) || split_at(end))
        return -ENOMEM;
    struct vma **pp = &vmas;
    while (*pp) {
        struct vma *v = *pp;
        if (v->start >= start && v->end <= end) {
            *pp = v->next;
            vma_free(v);
        } else {
            pp = &v->next;
        }
    }
    pt_unmap_range(start, end);
    return 0;
}

int vma_map(uint64_t start, uint64_t len, int prot, int flags,
            struct file *f, uint64_t off)
{
    struct vma like = {.start = start, .prot = prot, .flags = flags,
                       .file = f, .off = off};
    int err = vma_is_free(start, len) ? 0 : vma_unmap(start, len);
    if (err)
        return err;
    struct vma *v = vma_new(start, start + len, &like);
    if (!v)
        return -ENOMEM;
    struct vma **pp = &vmas, *prev = NULL;
    while (*pp && (*pp)->start < start) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    v->next = *pp;
    *pp = v;
    if (v->next && mergeable(v, v->next))
        merge_next(v);
    if (prev && mergeable(prev, v))
        merge_next(prev);
    return 0;
}

int vma_protect(uint64_t start, uint64_t len, int prot)
{
    uint64_t end = start + len, at = start;
    /* Linux checks that the whole range is mapped before changing any. */
    for (struct vma *v = vmas; v && at < end; v = v->next) {
        if (v->end <= at)
            continue;
        if (v->start > at)
            return -ENOMEM;
        at = v->end;
    }
    if (at < end)
        return -ENOMEM;
    if (split_at(start) || split_at(end))
        return -ENOMEM;
    for (struct vma *v = vmas; v; v = v->next)
        if (v->start >= start && v->end <= end)
            v->prot = prot;
    pt_protect_range(start, end, prot);
    return 0;
}

uint64_t vma_find_free(uint64_t len)
{
    uint64_t top = MM_MMAP_BASE;
    while (len <= top && top - len >= 0x10000) {
        uint64_t start = top - len;
        struct vma *v = vmas;
        while (v && !(v->start < top && start < v->end))
            v = v->next;
        if (!v)
            return start;
        top = v->start; /* the list is sorted: the lowest clash */
    }
    return 0;
}

void vma_discard(uint64_t start, uint64_t len)
{
    pt_unmap_range(start, start + len);
}

int vma_move(uint64_t from, uint64_t len, uint64_t to)
{
    struct vma *v = vma_find(from);
    if (!v || from + len > v->end)
        return -EFAULT;
    struct vma like = *v;
    like.off = v->off + (from - v->start);
    int err = vma_map(to, len, like.prot, like.flags, like.file, like.off);
    if (err)
        return err;
    if ((err = pt_move_range(from, to, len)))
        return err;
    return vma_unmap(from, len);
}

uint64_t mm_lookup(uint64_t va, int *prot)
{
    uint64_t *pte = pt_pte(va, 0);
    if (!pte || !(*pte & PTE_OWNED))
        return 0;
    struct vma *v = vma_find(va);
    if (v)
        *prot |= v->prot;
    return *pte & PTE_ADDR;
}

int mm_map_page(uint64_t va, uint64_t pa, int prot, int kind)
{
    return pt_map(va, pa, prot, kind);
}

int mm_map_pages(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind)
{
    return pt_map_range(va, pa, n, prot, kind);
}
