// SPDX-License-Identifier: MIT
/*
 * The program's mappings, as mmap, munmap, mprotect, mremap and brk change
 * them, kept in the ordered tree of mm/vma_tree.c.
 *
 * Mappings are kept canonical: two adjacent mappings with the same
 * protection, flags and file (at consecutive offsets) are always merged
 * into one, as Linux merges them.  So the mappings an operation leaves are
 * the maximal runs of compatible pages, which plan() counts before
 * anything changes: an operation that would leave more than
 * vm.max_map_count fails with -ENOMEM and no effect.  The tree nodes a
 * change needs are reserved before it starts, so it cannot fail halfway.
 *
 * The kernel's own instructions are slow on some hypervisors (README: platform notes),
 * so the common cases take short paths: one tree descent per call, splits
 * that change no gap, and counting only near the limit.
 */
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define CUT_MIN 8 /* remove more mappings than this with one tree cut */

/* The address space this CPU runs: every function here works on it. */
#define mm (*mm_current())

const struct mm_space *mm_space_current(void)
{
    return mm_current();
}

/* The first mapping that ends above addr (the one holding it, or the next
 * one up), or NULL.  The last mapping found holding an address is tried
 * first: faults, and changes that walk through memory, come close
 * together.  A released node has empty bounds, so it never matches. */
static struct vma *lookup(uint64_t addr)
{
    struct vma *v = mm.cache;
    if (v && v->start <= addr && addr < v->end)
        return v;
    v = vtree_lookup(mm.root, addr);
    if (v && v->start <= addr)
        mm.cache = v;
    return v;
}

/* Linux's is_data_mapping: private, writable and not a stack. */
static int is_data(int prot, int flags)
{
    return (prot & LX_PROT_WRITE) &&
           !(flags & (VMA_STACK | VMA_SHARED | VMA_ANON_SHARED));
}

/* Count bytes of a mapping like v in (add) or out of the totals. */
static void account(const struct vma *v, uint64_t bytes, int add)
{
    uint64_t data = is_data(v->prot, v->flags) ? bytes : 0;
    if (add) {
        mm.total_bytes += bytes;
        mm.data_bytes += data;
    } else {
        mm.total_bytes -= bytes;
        mm.data_bytes -= data;
    }
}

/* Have n free nodes at hand: 0 or -ENOMEM.  Freed nodes go on a list;
 * new ones come a page at a time (46 to a page, where kmalloc would round
 * each up to 128 bytes), handed out in order, and are never given back,
 * only kept for the next mappings. */
static int grow_spares(void)
{
    struct mm_space *m = mm_current();
    struct vma *v = kmalloc(PAGE_SIZE);
    if (!v)
        return -ENOMEM;
    /* the first node links the address space's pages, for vma_free_all */
    v->t.right = m->chunks;
    m->chunks = v;
    m->fresh = v + 1;
    m->nfresh = PAGE_SIZE / sizeof(*v) - 1;
    return 0;
}

static inline int reserve(unsigned n)
{
    struct mm_space *m = mm_current();
    return m->nspare + m->nfresh >= n ? 0 : grow_spares();
}

/* A reserved node. */
static inline struct vma *take_node(void)
{
    struct mm_space *m = mm_current();
    struct vma *v = m->spare;
    if (v) {
        m->spare = v->t.right;
        m->nspare--;
    } else {
        v = m->fresh++;
        m->nfresh--;
    }
    return v;
}

/* Whether b continues a, so that the two are one mapping. */
static int mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->file == b->file &&
           (!a->file || a->off + (a->end - a->start) == b->off);
}

/* A new mapping [start, end) with like's attributes (like's offset is
 * that of like->start), inserted above prev.  When split is set it is the
 * upper part of prev, whose bytes it takes over (the totals stay).  A node
 * must be reserved. */
static inline struct vma *add(struct vma *prev, uint64_t start, uint64_t end,
                              const struct vma *like, int split)
{
    struct vma *v = take_node();
    v->start = start;
    v->end = end;
    v->prot = like->prot;
    v->flags = like->flags;
    v->file = like->file;
    v->off = like->file ? like->off + (start - like->start) : 0;
    if (v->file) {
        file_get(v->file);
        if (v->flags & VMA_SHARED)
            vfs_file_map(v->file, 1);
    }
    mm.count++;
    if (split) {
        vtree_insert_split(&mm.root, prev, v);
    } else {
        vtree_insert_after(&mm.root, prev, v);
        account(v, end - start, 1);
    }
    return v;
}

/* Forget v, already out of the tree. */
static void release(struct vma *v)
{
    mm.count--;
    account(v, v->end - v->start, 0);
    if (v->file && (v->flags & VMA_SHARED))
        vfs_file_map(v->file, -1);
    if (v->file)
        file_put(v->file);
    v->start = v->end = 0;
    v->t.right = mm.spare;
    mm.spare = v;
    mm.nspare++;
}

/* Release every node of a tree cut out of the mappings. */
static void release_tree(struct vma *t)
{
    while (t) {
        struct vma *right = t->t.right;
        release_tree(t->t.left);
        release(t);
        t = right;
    }
}

/* Split v, which holds addr inside, at addr: returns the upper part.  A
 * node must be reserved. */
static inline struct vma *split(struct vma *v, uint64_t addr)
{
    uint64_t end = v->end;
    v->end = addr;
    return add(v, addr, end, v, 1);
}

/* Merge the mapping after v into v if it is compatible; 1 if merged. */
static int merge_next(struct vma *v)
{
    struct vma *n = vtree_next(v);
    if (!n || !mergeable(v, n))
        return 0;
    v->end = n->end;
    account(v, n->end - n->start, 1);
    vtree_erase(&mm.root, n);
    release(n);
    return 1;
}

/* Take [start, end) out of the mappings (not the pages).  v is the first
 * mapping that ends above start, and starts below end; two nodes must be
 * reserved for the splits.  Returns the first mapping above the range. */
static struct vma *remove_range(struct vma *v, uint64_t start, uint64_t end)
{
    if (end > mm.free_top)
        mm.free_top = MIN(end, MM_MMAP_BASE);
    if (v->start < start)
        v = split(v, start);
    /* The last mapping inside: a few steps away, or found by lookup */
    struct vma *last = v, *next;
    unsigned n = 1;
    while (last->end < end && (next = vtree_next(last)) && next->start < end) {
        last = next;
        if (++n > CUT_MIN) {
            last = vtree_lookup(mm.root, end - 1);
            if (!last)
                last = vtree_last(mm.root);
            else if (last->start >= end)
                last = vtree_prev(last);
            break;
        }
    }
    if (last->end > end)
        split(last, end);
    next = vtree_next(last);
    if (n > CUT_MIN) {
        release_tree(vtree_cut(&mm.root, v, last));
        return next;
    }
    while (n--) {
        last = n ? vtree_next(v) : NULL;
        vtree_erase(&mm.root, v);
        release(v);
        v = last;
    }
    return next;
}

/*
 * How many mappings a map or protect of [start, end) leaves: the mappings
 * touching the range are cut into pieces (outside the range as they were,
 * inside it the new mapping or the new protection) and adjacent
 * compatible pieces coalesce, as the change will merge them.  Only needed
 * near the limit, as no change adds more than two mappings.
 */
enum { OP_MAP, OP_PROTECT };
struct plan {
    int op;
    uint64_t start, end;
    const struct vma *like; /* OP_MAP: the new mapping, from start */
    int prot;               /* OP_PROTECT */
    uint64_t count;         /* out: mappings afterwards */
    uint64_t runs;
    struct vma last; /* the piece being coalesced */
};

static void emit(struct plan *p, const struct vma *src, uint64_t start,
                 uint64_t end, int prot)
{
    if (start >= end)
        return;
    struct vma piece = *src;
    piece.start = start;
    piece.end = end;
    piece.prot = prot;
    piece.off = src->file ? src->off + (start - src->start) : 0;
    if (p->runs && mergeable(&p->last, &piece)) {
        p->last.end = end;
        return;
    }
    p->last = piece;
    p->runs++;
}

static int plan(struct plan *p)
{
    uint64_t s = p->start, e = p->end, touched = 0;
    int placed = p->op != OP_MAP;
    struct vma *v = vtree_lookup(mm.root, s ? s - 1 : 0);
    for (; v && v->start <= e; v = vtree_next(v), touched++) {
        emit(p, v, v->start, MIN(v->end, s), v->prot);
        if (!placed && v->end > s) {
            emit(p, p->like, s, e, p->like->prot);
            placed = 1;
        }
        uint64_t a = MAX(v->start, s), b = MIN(v->end, e);
        if (p->op == OP_PROTECT)
            emit(p, v, a, b, p->prot);
        emit(p, v, MAX(v->start, e), v->end, v->prot);
    }
    if (!placed)
        emit(p, p->like, s, e, p->like->prot);
    p->count = mm.count - touched + p->runs;
    return p->count > mm_max_map_count ? -ENOMEM : 0;
}

/* Put like between prev and next, merged with them where compatible.
 * [like->start, like->end) is free and a node reserved. */
static void insert_merged(struct vma *prev, struct vma *next,
                          const struct vma *like)
{
    uint64_t len = like->end - like->start;
    if (prev && mergeable(prev, like)) {
        prev->end = like->end;
        account(prev, len, 1);
        vtree_resized(prev);
        merge_next(prev);
    } else if (next && mergeable(like, next)) {
        next->start = like->start;
        next->off = like->off;
        account(next, len, 1);
        vtree_resized(next);
    } else {
        add(prev, like->start, like->end, like, 0);
    }
}

/* Whether a map (like set) or protect of [start, end) would leave too
 * many mappings: no change adds more than two, so only within two of the
 * limit must they be counted. */
static int over_limit(int op, uint64_t start, uint64_t end,
                      const struct vma *like, int prot)
{
    if (mm.count + 2 <= mm_max_map_count)
        return 0;
    struct plan p = {
        .op = op, .start = start, .end = end, .like = like, .prot = prot};
    return plan(&p);
}

int vma_map(uint64_t start, uint64_t len, int prot, int flags, struct file *f,
            uint64_t off)
{
    uint64_t end = start + len;
    struct vma like = {.start = start,
                       .end = end,
                       .prot = prot,
                       .flags = flags,
                       .file = f,
                       .off = f ? off : 0};
    if (over_limit(OP_MAP, start, end, &like, 0) || reserve(2))
        return -ENOMEM;
    struct vma *next = lookup(start);
    int replace = next && next->start < end;
    if (replace)
        next = remove_range(next, start, end);
    insert_merged(next ? vtree_prev(next) : vtree_last(mm.root), next, &like);
    if (replace)
        pt_unmap_range(start, end);
    return 0;
}

int vma_unmap(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    struct vma *v = lookup(start);
    if (!v || v->start >= end)
        return 0;
    /* only cutting a hole in one mapping adds one */
    if (v->start < start && v->end > end && mm.count >= mm_max_map_count)
        return -ENOMEM;
    if (reserve(2))
        return -ENOMEM;
    remove_range(v, start, end);
    pt_unmap_range(start, end);
    return 0;
}

/* Linux's may_expand_vm, with data_bytes of data mappings so far. */
static int may_expand(int data, uint64_t bytes, uint64_t data_bytes)
{
    uint64_t pages = bytes / PAGE_SIZE, dpages = data_bytes / PAGE_SIZE;
    uint64_t as = proc_rlimit(LX_RLIMIT_AS), lim;
    if (as != LX_RLIM_INFINITY &&
        mm.total_bytes / PAGE_SIZE + pages > as / PAGE_SIZE)
        return 0;
    if (!data || (lim = proc_rlimit(LX_RLIMIT_DATA)) == LX_RLIM_INFINITY ||
        dpages + pages <= lim / PAGE_SIZE)
        return 1;
    /* Linux lets Valgrind, which sets the soft limit to 0, through. */
    return lim == 0 &&
           dpages + pages <= proc_rlimit_max(LX_RLIMIT_DATA) / PAGE_SIZE;
}

int vma_may_expand(int prot, int flags, uint64_t bytes)
{
    return may_expand(is_data(prot, flags), bytes, mm.data_bytes);
}

/* The end of the mapped run from v (holding start) up to end; -ENOMEM
 * when a private mapping turning writable would pass RLIMIT_DATA, as Linux
 * checks each mapping in turn. */
static long protect_reach(struct vma *v, uint64_t start, uint64_t end, int prot)
{
    uint64_t at = start, data = mm.data_bytes;
    if (!v || v->start > start)
        return (long)start;
    for (;;) {
        if ((prot & LX_PROT_WRITE) && v->prot != prot) {
            uint64_t n = MIN(v->end, end) - at;
            int was = is_data(v->prot, v->flags);
            int will = is_data(prot, v->flags);
            if (!may_expand(will, n, data) && may_expand(was, n, data))
                return -ENOMEM;
            data = data + (will ? n : 0) - (was ? n : 0);
        }
        at = MIN(v->end, end);
        if (at == end || !(v = vtree_next(v)) || v->start > at)
            return (long)at;
    }
}

/* Set prot on [start, stop), which v (holding start) begins to cover:
 * split at both ends, then merge what became compatible (nothing can
 * when the range is inside v).  Two nodes must be reserved. */
static void protect(struct vma *v, uint64_t start, uint64_t stop, int prot)
{
    int inside = v->start < start && v->end > stop;
    struct vma *first = v->start < start ? split(v, start) : v, *u = first;
    for (;; u = vtree_next(u)) {
        if (u->end > stop) /* where a next change may well start */
            mm.cache = split(u, stop);
        if (is_data(u->prot, u->flags) != is_data(prot, u->flags)) {
            account(u, u->end - u->start, 0);
            u->prot = prot;
            account(u, u->end - u->start, 1);
        }
        u->prot = prot;
        if (u->end == stop)
            break;
    }
    if (inside)
        return;
    u = vtree_prev(first);
    if (!u || u->end != start)
        u = first;
    while (merge_next(u) || (u->end < stop && (u = vtree_next(u))))
        ;
}

int vma_protect(uint64_t start, uint64_t len, int prot)
{
    /* Like Linux, change the mapped part up to the first hole, then
     * report the hole. */
    uint64_t end = start + len;
    struct vma *v = lookup(start);
    long reach = protect_reach(v, start, end, prot);
    if (reach < 0 || (uint64_t)reach == start)
        return -ENOMEM;
    uint64_t stop = (uint64_t)reach;
    if (over_limit(OP_PROTECT, start, stop, NULL, prot))
        return -ENOMEM;
    if (v->prot != prot || v->end < stop) {
        if (reserve(2))
            return -ENOMEM;
        protect(v, start, stop, prot);
        pt_protect_range(start, stop, prot);
    }
    return stop < end ? -ENOMEM : 0;
}

struct vma *vma_find(uint64_t addr)
{
    struct vma *v = lookup(addr);
    return v && v->start <= addr ? v : NULL;
}

uint64_t vma_next_start(uint64_t addr)
{
    struct vma *v = lookup(addr);
    if (v && v->start <= addr)
        v = vtree_next(v);
    return v ? v->start : MM_USER_TOP;
}

int vma_is_free(uint64_t start, uint64_t len)
{
    struct vma *v = lookup(start);
    return !v || v->start >= start + len;
}

uint64_t vma_mapped_bytes(uint64_t start, uint64_t len)
{
    uint64_t end = start + len, n = 0;
    struct vma *v = lookup(start);
    for (; v && v->start < end; v = vtree_next(v))
        n += MIN(v->end, end) - MAX(v->start, start);
    return n;
}

uint64_t vma_find_free(uint64_t len)
{
    /* No page of [free_top, MM_MMAP_BASE) is free, so the hole just below
     * free_top is the highest: when it is big enough, no search.  First
     * lower free_top over the mappings just below it, a few at most. */
    uint64_t top = mm.free_top, bottom;
    struct vma *w = vtree_lookup(mm.root, top - 1), *p;
    for (int i = 0; w && w->start < top; i++) {
        if (i == 8)
            return vtree_find_gap(mm.root, MM_MMAP_MIN, MM_MMAP_BASE, len);
        top = w->start;
        if (!(p = vtree_prev(w)) || p->end < top)
            break;
        w = p;
    }
    mm.free_top = top;
    if (w)
        bottom = w->start - w->t.gap;
    else
        bottom = (p = vtree_last(mm.root)) ? p->end : 0;
    bottom = MAX(bottom, MM_MMAP_MIN);
    if (top > bottom && top - bottom >= len)
        return top - len;
    return vtree_find_gap(mm.root, MM_MMAP_MIN, MM_MMAP_BASE, len);
}

void vma_discard(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    struct vma *v = lookup(start);
    for (; v && v->start < end; v = vtree_next(v))
        if (!(v->flags & VMA_ANON_SHARED))
            pt_unmap_range(MAX(v->start, start), MIN(v->end, end));
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

uint64_t mm_frame_of(uint64_t va)
{
    uint64_t *pte = pt_pte(va, 0);
    return pte && (*pte & PTE_P) ? *pte & PTE_ADDR : 0;
}

int mm_map_page(uint64_t va, uint64_t pa, int prot, int kind)
{
    return pt_map(va, pa, prot, kind);
}

int mm_map_pages(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind)
{
    return pt_map_range(va, pa, n, prot, kind);
}

int vma_copy_to(struct mm_space *child)
{
    struct mm_space *parent = mm_current();
    struct vma *prev = NULL;
    int err = 0;
    /* anonymous shared pages must exist before both sides map them */
    for (struct vma *v = vtree_first(parent->root); v && !err;
         v = vtree_next(v))
        for (uint64_t va = v->start;
             (v->flags & VMA_ANON_SHARED) && va < v->end && !err;
             va += PAGE_SIZE)
            if (!pt_pte(va, 0) || !*pt_pte(va, 0)) {
                uint64_t f = frame_alloc();
                err = f ? pt_map(va, f, v->prot, MM_PAGE_OWNED) : -ENOMEM;
            }
    if (err)
        return err;
    mm_switch(child);
    for (struct vma *v = vtree_first(parent->root); v && !err;
         v = vtree_next(v))
        if (!(err = reserve(1)))
            prev = add(prev, v->start, v->end, v, 0);
    mm_switch(parent);
    for (struct vma *v = vtree_first(parent->root); v && !err;
         v = vtree_next(v))
        err = pt_copy_range(child, v->start, v->end, v->flags);
    return err;
}

void vma_free_all(void)
{
    vma_unmap(0, MM_USER_TOP);
    while (mm.chunks) {
        struct vma *c = mm.chunks;
        mm.chunks = c->t.right;
        kfree(c);
    }
    mm.spare = mm.fresh = NULL;
    mm.nspare = mm.nfresh = 0;
}
