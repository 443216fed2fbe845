// SPDX-License-Identifier: MIT
/*
 * Page tables: one set per address space (struct mm_space).  The upper
 * half is the kernel's and the same in all of them: a direct map of all
 * RAM (2 MiB pages, no execute) and the kernel image (4 KiB pages: text
 * read-only, data no-execute), all supervisor-only, whose PML4 entries
 * every new set copies from the kernel's own.  The lower half is the
 * process's.  Unless said otherwise, functions work on the address space
 * this CPU runs (mm_current).
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

static uint64_t *kernel_pml4;
/* The kernel half's used top-level slots, all made by paging_init: a new
 * address space copies just these. */
static uint16_t kernel_slots[256];
static unsigned nkernel_slots;
extern char _text[], _etext[], _data[], _end[];

/* Device registers get their own kernel addresses, uncached, in a PML4
 * slot of their own: the direct map's large pages may cover the same
 * physical addresses with caching on. */
#define MMIO_BASE 0xffffc00000000000ULL
#define PTE_PWT 0x8ULL
#define PTE_PCD 0x10ULL

static uint64_t *table(uint64_t *entry, int create, uint64_t flags)
{
    if (!(*entry & PTE_P)) {
        if (!create)
            return NULL;
        uint64_t f = frame_alloc();
        if (!f)
            return NULL;
        *entry = f | flags;
    }
    return phys_to_virt(*entry & PTE_ADDR);
}

static uint64_t *walk_from(uint64_t *t, uint64_t va, int create,
                          uint64_t flags)
{
    for (int shift = 39; shift > 12; shift -= 9) {
        t = table(&t[(va >> shift) & 511], create, flags);
        if (!t)
            return NULL;
    }
    return &t[(va >> 12) & 511];
}

static uint64_t *walk(uint64_t va, int create, uint64_t flags)
{
    return walk_from(mm_current()->pml4, va, create, flags);
}

/* Before CR3 switches, tables are reached through the boot mapping of the
 * first GiB (kernel image virtual addresses). */
static uint64_t *boot_table(uint64_t *e, uint64_t flags)
{
    if (!(*e & PTE_P)) {
        uint64_t n = frame_alloc();
        if (!n || n >= (1ULL << 30))
            panic("no memory for page tables");
        *e = n | flags;
    }
    return (uint64_t *)((*e & PTE_ADDR) + UK_KERNEL_VIRT);
}

/* The table at level 'stop' (21: page directory, 12: page table) that
 * maps va, creating what is missing. */
static uint64_t *boot_walk(uint64_t *root, uint64_t va, int stop)
{
    uint64_t *t = root;
    for (int shift = 39; shift > stop; shift -= 9)
        t = boot_table(&t[(va >> shift) & 511], PTE_P | PTE_W);
    return t;
}

/* The image's pages [va, end) with bits, one walk per page table. */
static void map_image(uint64_t *top, uint64_t va, uint64_t end,
                      uint64_t bits)
{
    while (va < end) {
        uint64_t *p = boot_walk(top, va, 12) + ((va >> 12) & 511);
        uint64_t n = MIN(512 - ((va >> 12) & 511), (end - va) / PAGE_SIZE);
        uint64_t pte = (va - UK_KERNEL_VIRT) | bits;
#pragma GCC unroll 8
        for (uint64_t i = 0; i < n; i++)
            p[i] = pte + i * PAGE_SIZE;
        va += n * PAGE_SIZE;
    }
}

/* Note the top-level slots of the kernel addresses [first, last]. */
static void keep_slots(uint64_t first, uint64_t last)
{
    for (unsigned i = (first >> 39) & 511; i <= ((last >> 39) & 511); i++) {
        unsigned k = 0;
        while (k < nkernel_slots && kernel_slots[k] != i)
            k++;
        if (k == nkernel_slots)
            kernel_slots[nkernel_slots++] = (uint16_t)i;
    }
}

void paging_init(uint64_t ram_end)
{
    uint64_t k = PTE_P | PTE_W;
    uint64_t root = frame_alloc();
    if (!root || root >= (1ULL << 30))
        panic("no memory for page tables");
    uint64_t *top = (uint64_t *)(root + UK_KERNEL_VIRT);

    /* The direct map: 1 GiB pages where the CPU has them (the rest of the
     * last GiB is not RAM, and nothing reaches it: frames stop at
     * ram_end), else 2 MiB pages, one walk per page directory. */
    uint32_t id[4];
    hal_cpuid(0x80000001, 0, id);
    for (uint64_t pa = 0; (id[3] & (1u << 26)) && pa < ram_end;) {
        uint64_t va = MM_DIRECT_BASE + pa;
        uint64_t *pdpt = boot_walk(top, va, 30);
        for (unsigned i = (va >> 30) & 511; i < 512 && pa < ram_end;
             i++, pa += 1ULL << 30)
            pdpt[i] = pa | k | PTE_PS | PTE_NX;
    }
    for (uint64_t pa = 0; !(id[3] & (1u << 26)) && pa < ram_end;) {
        uint64_t va = MM_DIRECT_BASE + pa;
        uint64_t *pd = boot_walk(top, va, 21);
        for (unsigned i = (va >> 21) & 511; i < 512 && pa < ram_end;
             i++, pa += 2 << 20)
            pd[i] = pa | k | PTE_PS | PTE_NX;
    }
    /* The kernel image: 4 KiB pages, code, read-only data, data. */
    map_image(top, (uint64_t)_text, (uint64_t)_etext, PTE_P);
    map_image(top, (uint64_t)_etext, (uint64_t)_data, PTE_P | PTE_NX);
    map_image(top, (uint64_t)_data, (uint64_t)_end, PTE_P | PTE_W | PTE_NX);
    /* The slot of device mappings exists before any address space
     * copies the kernel's half. */
    boot_walk(top, MMIO_BASE, 30);
    hal_load_cr3(root);
    kernel_pml4 = phys_to_virt(root);
    keep_slots(MM_DIRECT_BASE, MM_DIRECT_BASE + ram_end - 1);
    keep_slots((uint64_t)_text, (uint64_t)_end - 1);
    keep_slots(MMIO_BASE, MMIO_BASE);
}

uint64_t *pt_new_root(void)
{
    uint64_t f = frame_alloc();
    if (!f)
        return NULL;
    uint64_t *root = phys_to_virt(f);
    for (unsigned i = 0; i < nkernel_slots; i++)
        root[kernel_slots[i]] = kernel_pml4[kernel_slots[i]];
    return root;
}

/* The tables below entry e at level shift (39: a PML4 entry). */
static void free_tables(uint64_t e, int shift)
{
    uint64_t *t = phys_to_virt(e & PTE_ADDR);
    for (unsigned i = 0; shift > 21 && i < 512; i++)
        if (t[i] & PTE_P)
            free_tables(t[i], shift - 9);
    frame_free(e & PTE_ADDR);
}

void pt_free_user(uint64_t *root)
{
    for (unsigned i = 0; i < 256; i++)
        if (root[i] & PTE_P) {
            free_tables(root[i], 39);
            root[i] = 0;
        }
    /* no CPU may walk the freed tables from its paging-structure caches */
    hal_flush_tlb();
    hal_tlb_shootdown(0, MM_USER_TOP);
}

void pt_free_root(uint64_t *root)
{
    frame_free(virt_to_phys(root));
}

uint64_t pt_prot_bits(int prot)
{
    uint64_t b = PTE_P | PTE_U;
    if (prot & LX_PROT_WRITE)
        b |= PTE_W;
    if (!(prot & LX_PROT_EXEC))
        b |= PTE_NX;
    return b;
}

uint64_t *pt_pte(uint64_t va, int create)
{
    return walk(va, create, PTE_P | PTE_W | PTE_U);
}

int pt_map(uint64_t va, uint64_t pa, int prot, int kind)
{
    return pt_map_range(va, pa, 1, prot, kind);
}

static const uint64_t kind_bits[] = {
    [MM_PAGE_BORROWED] = 0,
    [MM_PAGE_OWNED] = PTE_OWNED,
    [MM_PAGE_SHARED] = PTE_SHARED,
};

int pt_map_range(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind)
{
    uint64_t bits = pt_prot_bits(prot) | kind_bits[kind];
    uint64_t start = va, replaced = 0;
    struct mm_space *m = mm_current();
    while (n) {
        uint64_t *pte = pt_pte(va, 1);
        if (!pte)
            return -ENOMEM;
        /* Fill to the end of this page table with one walk. */
        uint64_t k = MIN(n, 512 - ((va >> 12) & 511));
        for (uint64_t i = 0; i < k; i++) {
            uint64_t old = pte[i];
            if (old & PTE_OWNED)
                frame_free(old & PTE_ADDR);
            if (!old && ++m->rss > m->rss_peak)
                m->rss_peak = m->rss;
            pte[i] = (pa + i * PAGE_SIZE) | bits;
            if (old & PTE_P) { /* the CPU caches no absent entries */
                hal_invlpg(va + i * PAGE_SIZE);
                replaced = 1;
            }
        }
        va += k * PAGE_SIZE;
        pa += k * PAGE_SIZE;
        n -= k;
    }
    if (replaced)
        hal_tlb_shootdown(start, va);
    return 0;
}

/* Call fn on the PTE slot of every page in [start, end) whose page table
 * exists: one walk per page table, absent upper levels skipped, so sparse
 * ranges cost nothing (walks are slow where kernel code is, README: platform notes). */
static void each_pte(uint64_t start, uint64_t end,
                     void (*fn)(uint64_t va, uint64_t *pte, void *arg),
                     void *arg)
{
    uint64_t va = start, *root = mm_current()->pml4;
    while (va < end) {
        uint64_t *t = root;
        int shift;
        for (shift = 39; shift > 12; shift -= 9) {
            uint64_t e = t[(va >> shift) & 511];
            if (!(e & PTE_P))
                break;
            t = phys_to_virt(e & PTE_ADDR);
        }
        if (shift > 12) {
            uint64_t next = (va + (1ULL << shift)) & ~((1ULL << shift) - 1);
            if (next <= va)
                return;
            va = next;
            continue;
        }
        for (unsigned i = (va >> 12) & 511; i < 512 && va < end;
             i++, va += PAGE_SIZE)
            if (t[i])
                fn(va, &t[i], arg);
    }
}

/* Pages whose translations this CPU must drop: a few one by one, more by
 * flushing everything, which is one instruction instead of many. */
struct flush {
    uint64_t va[32];
    uint64_t *pte[32]; /* where they are, while they fit */
    unsigned n;
    bool all;
};

static void flush_add(struct flush *f, uint64_t va, uint64_t *pte)
{
    if (f->n < NELEM(f->va)) {
        f->pte[f->n] = pte;
        f->va[f->n++] = va;
    } else {
        f->all = true;
    }
}

static void flush_done(struct flush *f, uint64_t start, uint64_t end)
{
    if (!f->n)
        return;
    if (f->all)
        hal_flush_tlb();
    else
        for (unsigned i = 0; i < f->n; i++)
            hal_invlpg(f->va[i]);
    hal_tlb_shootdown(start, end);
}

static void doom(uint64_t va, uint64_t *pte, void *arg)
{
    *pte = (*pte | PTE_DOOMED) & ~PTE_P;
    flush_add(arg, va, pte);
}

static void release(uint64_t va, uint64_t *pte, void *arg)
{
    (void)va, (void)arg;
    if (!(*pte & PTE_DOOMED))
        return;
    if (*pte & PTE_OWNED)
        frame_free(*pte & PTE_ADDR);
    *pte = 0;
    mm_current()->rss--;
}

/* Every CPU drops its translations before a frame can be reused: the
 * frames are freed after the shootdown. */
void pt_unmap_range(uint64_t start, uint64_t end)
{
    struct flush f = {.n = 0};
    each_pte(start, end, doom, &f);
    if (!f.n)
        return;
    flush_done(&f, start, end);
    if (f.all)
        each_pte(start, end, release, NULL);
    else /* the few it doomed: no second walk */
        for (unsigned i = 0; i < f.n; i++)
            release(f.va[i], f.pte[i], NULL);
}

struct protect {
    struct flush f;
    int prot;
};

static void reprotect(uint64_t va, uint64_t *pte, void *arg)
{
    struct protect *p = arg;
    /* A PROT_NONE page keeps its frame: *pte is not 0. */
    uint64_t keep = *pte & (PTE_ADDR | PTE_OWNED | PTE_SHARED);
    /* A borrowed frame (archive data), or one fork left to two address
     * spaces, never becomes writable here; the first write copies it
     * (mm_fault). */
    int prot = (keep & PTE_SHARED) ||
                       ((keep & PTE_OWNED) && !frame_shared(keep & PTE_ADDR))
                   ? p->prot
                   : p->prot & ~LX_PROT_WRITE;
    if (!(p->prot & (LX_PROT_READ | LX_PROT_WRITE | LX_PROT_EXEC)))
        *pte = keep; /* PROT_NONE: not present, frame kept */
    else
        *pte = keep | pt_prot_bits(prot);
    flush_add(&p->f, va, pte);
}

void pt_protect_range(uint64_t start, uint64_t end, int prot)
{
    struct protect p = {.prot = prot};
    each_pte(start, end, reprotect, &p);
    flush_done(&p.f, start, end);
}

struct copy {
    struct flush f;
    uint64_t *root; /* the child's */
    int flags;      /* the mapping's VMA_* */
    int err;
};

static void copy_one(uint64_t va, uint64_t *pte, void *arg)
{
    struct copy *c = arg;
    if (c->err)
        return;
    uint64_t *dst = walk_from(c->root, va, 1, PTE_P | PTE_W | PTE_U);
    if (!dst || ((*pte & PTE_OWNED) && frame_share(*pte & PTE_ADDR))) {
        c->err = -ENOMEM;
        return;
    }
    if ((*pte & (PTE_OWNED | PTE_W)) == (PTE_OWNED | PTE_W) &&
        !(c->flags & VMA_ANON_SHARED)) {
        *pte &= ~PTE_W;
        flush_add(&c->f, va, pte);
    }
    *dst = *pte;
}

int pt_copy_range(struct mm_space *to, uint64_t start, uint64_t end,
                  int flags)
{
    struct copy c = {.root = to->pml4, .flags = flags};
    each_pte(start, end, copy_one, &c);
    flush_done(&c.f, start, end);
    return c.err;
}

struct move {
    struct flush f;
    uint64_t delta; /* to - from */
    int err;
};

static void move_one(uint64_t va, uint64_t *src, void *arg)
{
    struct move *m = arg;
    if (m->err)
        return;
    uint64_t *dst = pt_pte(va + m->delta, 1);
    if (!dst) {
        m->err = -ENOMEM;
        return;
    }
    *dst = *src;
    *src = 0;
    flush_add(&m->f, va, src);
}

int pt_move_range(uint64_t from, uint64_t to, uint64_t len)
{
    struct move m = {.delta = to - from};
    each_pte(from, from + len, move_one, &m);
    flush_done(&m.f, from, from + len);
    return m.err;
}

/* Device registers: see MMIO_BASE. */
void *mm_map_mmio(uint64_t pa, uint64_t len)
{
    uint64_t base = MMIO_BASE + ALIGN_DOWN(pa, PAGE_SIZE);
    for (uint64_t a = ALIGN_DOWN(pa, PAGE_SIZE); a < pa + len; a += PAGE_SIZE) {
        uint64_t *pte = walk_from(kernel_pml4, MMIO_BASE + a, 1, PTE_P | PTE_W);
        if (!pte)
            panic("no memory for device mappings");
        *pte = a | PTE_P | PTE_W | PTE_PWT | PTE_PCD | PTE_NX;
    }
    return (void *)(base + (pa & (PAGE_SIZE - 1)));
}

uint64_t mm_rss_peak(void)
{
    return mm_current()->rss_peak;
}

uint64_t mm_rss(void)
{
    return mm_current()->rss;
}

int mm_page_present(uint64_t va)
{
    uint64_t *pte = walk(va, 0, 0);
    return pte && (*pte & PTE_P);
}

uint64_t mm_kernel_cr3(void)
{
    return virt_to_phys(kernel_pml4);
}
