/* SPDX-License-Identifier: MIT */
/*
 * Host unit test of mm/vma.c and mm/vma_tree.c: many thousands of random
 * map, unmap, protect, move and lookups in a window of the address space,
 * each checked against a naive model that stores every page's attributes,
 * and after each the tree's invariants: order, parent links, heap order of
 * the priorities, the gaps and their subtree maxima, canonical merging,
 * the mapping count and the byte totals, file references and depth.  The
 * page tables are a fake that remembers which window pages are present.
 * vm.max_map_count is lowered so that the limit is hit often; then the
 * tree is filled to the real limit.
 *
 *   test_vma [SEED [OPS]]
 */
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define PG ((uint64_t)4096)
#define NP 512                       /* pages in the window */
#define WIN (MM_MMAP_BASE - NP * PG) /* the window ends at MM_MMAP_BASE */
#define LIMIT mm_max_map_count
#define INF LX_RLIM_INFINITY

/* ---- fakes of what mm/vma.c uses ----------------------------------- */

struct file {
    int refs, maps;
};
static struct file files[3]; /* files[0] unused: index 0 is "no file" */
static int present[NP];      /* the fake page tables of the window */
static uint64_t lim_as = INF, lim_data = INF, lim_data_max = INF;

void file_get(struct file *f)
{
    f->refs++;
}
void file_put(struct file *f)
{
    f->refs--;
}
void vfs_file_map(struct file *f, int delta)
{
    f->maps += delta;
}

uint64_t proc_rlimit(unsigned res)
{
    return res == LX_RLIMIT_AS     ? lim_as
           : res == LX_RLIMIT_DATA ? lim_data
                                   : INF;
}

uint64_t proc_rlimit_max(unsigned res)
{
    return res == LX_RLIMIT_DATA ? lim_data_max : INF;
}

static int in_win(uint64_t a)
{
    return a >= WIN && a < MM_MMAP_BASE;
}

void pt_unmap_range(uint64_t start, uint64_t end)
{
    for (uint64_t a = MAX(start, WIN); a < MIN(end, MM_MMAP_BASE); a += PG)
        present[(a - WIN) / PG] = 0;
}

void pt_protect_range(uint64_t start, uint64_t end, int prot)
{
    (void)start, (void)end, (void)prot;
}

int pt_move_range(uint64_t from, uint64_t to, uint64_t len)
{
    for (uint64_t i = 0; i < len; i += PG) {
        if (in_win(from + i) && in_win(to + i)) {
            present[(to + i - WIN) / PG] = present[(from + i - WIN) / PG];
            present[(from + i - WIN) / PG] = 0;
        }
    }
    return 0;
}

uint64_t *pt_pte(uint64_t va, int create)
{
    (void)va, (void)create;
    return NULL;
}
int pt_map(uint64_t va, uint64_t pa, int prot, int kind)
{
    (void)va, (void)pa, (void)prot, (void)kind;
    return 0;
}
int pt_map_range(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind)
{
    (void)va, (void)pa, (void)n, (void)prot, (void)kind;
    return 0;
}

/* One address space, as mm/space.c would run it; fork is not tested here. */
static struct mm_space the_space = {.free_top = MM_MMAP_BASE};
uint64_t mm_max_map_count = MM_MAX_MAP_COUNT;
struct mm_space *mm_current(void)
{
    return &the_space;
}
void mm_set_max_map_count(uint64_t n)
{
    mm_max_map_count = n;
}
void mm_switch(struct mm_space *m)
{
    (void)m;
}
int pt_copy_range(struct mm_space *to, uint64_t start, uint64_t end,
                  int flags)
{
    (void)to, (void)start, (void)end, (void)flags;
    return 0;
}
uint64_t frame_alloc(void)
{
    return 0;
}

/* ---- the model -------------------------------------------------------- */

struct page {
    int mapped, prot, flags, file;
    uint64_t off;
};
static struct page model[NP];
static uint64_t seed, op_no = 1;
static int trace;
static void dump(const struct vma *v, int d);

static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static uint64_t below(uint64_t n)
{
    return rnd() % n;
}

#define FAIL(...)                                                              \
    do {                                                                       \
        fprintf(stderr, "test_vma: op %llu: ", (unsigned long long)op_no);     \
        fprintf(stderr, __VA_ARGS__);                                          \
        fputc('\n', stderr);                                                   \
        if (trace)                                                             \
            dump(mm_space_current()->root, 0);                                 \
        exit(1);                                                               \
    } while (0)

/* Whether page i+1 continues page i in one mapping. */
static int joins(const struct page *m, int i)
{
    const struct page *a = &m[i], *b = &m[i + 1];
    return a->mapped && b->mapped && a->prot == b->prot &&
           a->flags == b->flags && a->file == b->file &&
           (!a->file || a->off + PG == b->off);
}

static int runs(const struct page *m)
{
    int n = 0;
    for (int i = 0; i < NP; i++)
        n += m[i].mapped && !(i > 0 && joins(m, i - 1));
    return n;
}

static int is_data(int prot, int flags)
{
    return (prot & LX_PROT_WRITE) &&
           !(flags & (VMA_STACK | VMA_SHARED | VMA_ANON_SHARED));
}

static void totals(const struct page *m, uint64_t *total, uint64_t *data)
{
    *total = *data = 0;
    for (int i = 0; i < NP; i++) {
        if (m[i].mapped) {
            *total += PG;
            *data += is_data(m[i].prot, m[i].flags) ? PG : 0;
        }
    }
}

/* ---- invariants of the tree ------------------------------------------ */

static uint64_t nodes, depth_max;

static void dump(const struct vma *v, int d)
{
    if (!v)
        return;
    dump(v->t.left, d + 1);
    fprintf(stderr, "%*s[%ld,%ld) prot %d gap %lx max %lx\n", d, "",
            (long)(v->start - WIN) / 4096, (long)(v->end - WIN) / 4096, v->prot,
            v->t.gap, v->t.max_gap);
    dump(v->t.right, d + 1);
}

static uint64_t walk(const struct vma *v, const struct vma *up, int depth,
                     const struct vma **prev)
{
    if (!v)
        return 0;
    if (v->t.up != up)
        FAIL("parent link of [%lx,%lx)", v->start, v->end);
    if (up && up->t.prio < v->t.prio)
        FAIL("heap order broken at [%lx,%lx)", v->start, v->end);
    if ((uint64_t)depth > depth_max)
        depth_max = depth;
    uint64_t m = walk(v->t.left, v, depth + 1, prev);
    nodes++;
    if (v->start >= v->end || (v->start | v->end) & (PG - 1))
        FAIL("bad bounds [%lx,%lx)", v->start, v->end);
    uint64_t below_end = *prev ? (*prev)->end : 0;
    if (*prev && (*prev)->end > v->start)
        FAIL("overlap or disorder at %lx", v->start);
    if (v->t.gap != v->start - below_end)
        FAIL("gap of [%lx,%lx) is %lx", v->start, v->end, v->t.gap);
    if (*prev && vtree_next(*prev) != v)
        FAIL("vtree_next disagrees at %lx", v->start);
    if (vtree_prev(v) != *prev)
        FAIL("vtree_prev disagrees at %lx", v->start);
    *prev = v;
    uint64_t r =
        walk(v->t.right, v, depth + 1, prev); /* MAX() evaluates twice */
    m = MAX(m, v->t.gap);
    m = MAX(m, r);
    if (m != v->t.max_gap)
        FAIL("max_gap of [%lx,%lx) is %lx, want %lx", v->start, v->end,
             v->t.max_gap, m);
    return m;
}

static void check_tree(void)
{
    const struct mm_space *mm = mm_space_current();
    const struct vma *prev = NULL;
    nodes = depth_max = 0;
    walk(mm->root, NULL, 1, &prev);
    if (nodes != mm->count)
        FAIL("count %lu, tree has %lu", mm->count, nodes);
    if (mm->root &&
        (vtree_first(mm->root)->t.gap != vtree_first(mm->root)->start ||
         vtree_last(mm->root) != prev))
        FAIL("first or last wrong");
    /* a treap's depth is O(log n) with high probability */
    uint64_t lg = 1;
    while ((1ULL << lg) < nodes + 1)
        lg++;
    if (depth_max > 4 * lg + 8)
        FAIL("depth %lu for %lu nodes", depth_max, nodes);
}

/* The tree against the model: the same canonical runs, totals and refs. */
static void check_model(void)
{
    const struct mm_space *mm = mm_space_current();
    check_tree();
    struct vma *v = vtree_first(mm->root);
    int refs[3] = {0}, maps[3] = {0};
    for (int i = 0; i < NP; i++) {
        if (!model[i].mapped) {
            if (present[i])
                FAIL("page %d present but unmapped", i);
            continue;
        }
        if (i > 0 && joins(model, i - 1))
            continue;
        int j = i;
        while (j + 1 < NP && joins(model, j))
            j++;
        uint64_t s = WIN + i * PG, e = WIN + (j + 1) * PG;
        if (!v || v->start != s || v->end != e || v->prot != model[i].prot ||
            v->flags != model[i].flags ||
            v->file != (model[i].file ? &files[model[i].file] : NULL) ||
            (v->file && v->off != model[i].off))
            FAIL("want [%lx,%lx) prot %d flags %d file %d off %lx, have "
                 "[%lx,%lx) prot %d flags %d",
                 s, e, model[i].prot, model[i].flags, model[i].file,
                 model[i].off, v ? v->start : 0, v ? v->end : 0,
                 v ? v->prot : -1, v ? v->flags : -1);
        refs[model[i].file]++;
        maps[model[i].file] += model[i].file && (model[i].flags & VMA_SHARED);
        v = vtree_next(v);
    }
    if (v)
        FAIL("extra mapping [%lx,%lx)", v->start, v->end);
    for (int f = 1; f < 3; f++)
        if (files[f].refs != refs[f] || files[f].maps != maps[f])
            FAIL("file %d refs %d maps %d, want %d %d", f, files[f].refs,
                 files[f].maps, refs[f], maps[f]);
    uint64_t total, data;
    totals(model, &total, &data);
    if (mm->total_bytes != total || mm->data_bytes != data)
        FAIL("totals %lu/%lu, want %lu/%lu", mm->total_bytes, mm->data_bytes,
             total, data);
}

/* ---- operations -------------------------------------------------------- */

static const int prots[] = {LX_PROT_NONE, LX_PROT_READ,
                            LX_PROT_READ | LX_PROT_WRITE,
                            LX_PROT_READ | LX_PROT_EXEC};
static const int flagset[] = {0, VMA_HEAP, VMA_ANON_SHARED, VMA_SHARED};

static uint64_t n_ok, n_enomem;

static void expect(long got, long want, const char *what)
{
    if (got != want)
        FAIL("%s returned %ld, want %ld", what, got, want);
    if (got == -ENOMEM)
        n_enomem++;
    else if (!got)
        n_ok++;
}

/* Apply a new model if it respects the limit: the expected result. */
static long commit(struct page *next)
{
    if ((uint64_t)runs(next) > LIMIT)
        return -ENOMEM;
    memcpy(model, next, sizeof(model));
    return 0;
}

static void op_map(int s, int n)
{
    struct page next[NP],
        p = {.mapped = 1, .prot = prots[below(4)], .flags = flagset[below(4)]};
    memcpy(next, model, sizeof(next));
    if (p.flags == VMA_SHARED || below(3) == 0) {
        p.file = 1 + (int)below(2);
        /* usually the offset of a file mapped from the window's start,
         * so that neighbours can merge */
        p.off = below(4) ? (uint64_t)s * PG : below(64) * PG;
    }
    for (int i = s; i < s + n; i++) {
        next[i] = p;
        next[i].off = p.file ? p.off + (uint64_t)(i - s) * PG : 0;
    }
    long want = commit(next);
    if (trace)
        fprintf(stderr, "%llu: map %d+%d prot %d flags %d file %d off %lx\n",
                (unsigned long long)op_no, s, n, p.prot, p.flags, p.file,
                p.off);
    long got = vma_map(WIN + s * PG, n * PG, p.prot, p.flags,
                       p.file ? &files[p.file] : NULL, p.off);
    expect(got, want, "vma_map");
    if (!want)
        for (int i = s; i < s + n; i++)
            if (present[i])
                FAIL("vma_map left page %d present", i);
}

static void op_unmap(int s, int n)
{
    struct page next[NP];
    memcpy(next, model, sizeof(next));
    for (int i = s; i < s + n; i++)
        next[i].mapped = 0;
    long want = commit(next);
    if (trace)
        fprintf(stderr, "%llu: unmap %d+%d\n", (unsigned long long)op_no, s, n);
    expect(vma_unmap(WIN + s * PG, n * PG), want, "vma_unmap");
}

/* Linux's may_expand_vm over the model's totals. */
static int may(int data, uint64_t bytes, uint64_t data_bytes)
{
    uint64_t total, d;
    totals(model, &total, &d);
    if (total / PG + bytes / PG > lim_as / PG)
        return 0;
    if (data && data_bytes / PG + bytes / PG > lim_data / PG)
        return lim_data == 0 &&
               data_bytes / PG + bytes / PG <= lim_data_max / PG;
    return 1;
}

static void op_protect(int s, int n, int prot)
{
    long want = 0;
    int stop = s;
    while (stop < s + n && model[stop].mapped)
        stop++;
    uint64_t total, data;
    totals(model, &total, &data);
    /* Linux checks RLIMIT_DATA mapping by mapping (run by run here) */
    for (int i = s; i < stop && !want; i++) {
        if (i > s && joins(model, i - 1))
            continue;
        int j = i;
        while (j + 1 < stop && joins(model, j))
            j++;
        uint64_t len = (uint64_t)(j + 1 - i) * PG;
        int was = is_data(model[i].prot, model[i].flags);
        int will = is_data(prot, model[i].flags);
        if ((prot & LX_PROT_WRITE) && model[i].prot != prot) {
            if (!may(will, len, data) && may(was, len, data))
                want = -ENOMEM;
            data = data + (will ? len : 0) - (was ? len : 0);
        }
    }
    if (stop == s)
        want = -ENOMEM;
    if (!want) {
        struct page next[NP];
        memcpy(next, model, sizeof(next));
        for (int i = s; i < stop; i++)
            next[i].prot = prot;
        want = commit(next);
        if (!want && stop < s + n)
            want = -ENOMEM;
    }
    if (trace)
        fprintf(stderr, "%llu: protect %d+%d %d\n", (unsigned long long)op_no,
                s, n, prot);
    expect(vma_protect(WIN + s * PG, n * PG, prot), want, "vma_protect");
}

/* Move part of one mapping to free pages elsewhere in the window. */
static void op_move(void)
{
    int s = (int)below(NP), n = 1 + (int)below(8), t = (int)below(NP - n);
    if (!model[s].mapped)
        return;
    int lo = s, hi = s;
    while (lo > 0 && joins(model, lo - 1))
        lo--;
    while (hi + 1 < NP && joins(model, hi))
        hi++;
    n = MIN(n, hi - s + 1);
    for (int i = t; i < t + n; i++)
        if (model[i].mapped)
            return;
    struct page next[NP];
    memcpy(next, model, sizeof(next));
    for (int i = 0; i < n; i++) {
        next[t + i] = model[s + i];
        if (!next[t + i].file)
            next[t + i].off = 0;
    }
    long want = commit(next);
    if (trace)
        fprintf(stderr, "%llu: move %d+%d to %d\n", (unsigned long long)op_no,
                s, n, t);
    long got = vma_move(WIN + s * PG, n * PG, WIN + t * PG);
    if (want) {
        expect(got, want, "vma_move (map)");
        return;
    }
    memcpy(next, model, sizeof(next));
    for (int i = s; i < s + n; i++)
        next[i].mapped = 0;
    expect(got, commit(next), "vma_move (unmap)");
}

/* MADV_DONTNEED: pages go, except those of shared anonymous memory. */
static void op_discard(int s, int n)
{
    int keep[NP];
    for (int i = 0; i < NP; i++)
        keep[i] = present[i] &&
                  (i < s || i >= s + n || model[i].flags == VMA_ANON_SHARED);
    vma_discard(WIN + s * PG, n * PG);
    for (int i = 0; i < NP; i++)
        if (present[i] != keep[i])
            FAIL("vma_discard: page %d present %d", i, present[i]);
}

static uint64_t model_free(int pages)
{
    /* pages below the window are free down to 0x10000 */
    for (int a = NP - pages; a >= -pages; a--) {
        int ok = 1;
        for (int i = MAX(a, 0); i < a + pages && ok; i++)
            ok = !model[i].mapped;
        if (ok)
            return WIN + (int64_t)a * (int64_t)PG;
    }
    return 0;
}

static void op_query(void)
{
    int i = (int)below(NP), n = 1 + (int)below(40);
    uint64_t a = WIN + i * PG + below(PG);
    struct vma *v = vma_find(a);
    if (model[i].mapped != (v != NULL) || (v && (v->start > a || v->end <= a)))
        FAIL("vma_find(%lx)", a);
    int j = i + 1;
    while (j < NP && !(model[j].mapped && !joins(model, j - 1)))
        j++;
    uint64_t ns = j < NP ? WIN + j * PG : MM_USER_TOP;
    if (vma_next_start(a) != ns)
        FAIL("vma_next_start(%lx) = %lx, want %lx", a, vma_next_start(a), ns);
    n = MIN(n, NP - i);
    uint64_t mapped = 0;
    for (j = i; j < i + n; j++)
        mapped += model[j].mapped ? PG : 0;
    if (vma_mapped_bytes(WIN + i * PG, n * PG) != mapped)
        FAIL("vma_mapped_bytes");
    if (vma_is_free(WIN + i * PG, n * PG) != !mapped)
        FAIL("vma_is_free");
    uint64_t want = model_free(n);
    if (vma_find_free(n * PG) != want)
        FAIL("vma_find_free(%d pages) = %lx, want %lx", n,
             vma_find_free(n * PG), want);
    uint64_t bytes = below(64) * PG;
    int prot = prots[below(4)], flags = flagset[below(4)];
    uint64_t total, data;
    totals(model, &total, &data);
    if (vma_may_expand(prot, flags, bytes) !=
        may(is_data(prot, flags), bytes, data))
        FAIL("vma_may_expand");
}

static void set_limits(void)
{
    uint64_t total, data;
    totals(model, &total, &data);
    uint64_t pick[] = {INF,
                       INF,
                       total + below(16) * PG,
                       data + below(16) * PG,
                       data > 8 * PG ? data - 8 * PG : 0,
                       0};
    lim_as = pick[below(3)];
    lim_data = pick[below(6)];
    lim_data_max = below(2) ? INF : data + below(32) * PG;
    if (lim_data > lim_data_max)
        lim_data_max = lim_data;
}

static void random_ops(uint64_t ops)
{
    for (uint64_t i = 0; i < ops; i++, op_no++) {
        int s = (int)below(NP);
        int n = 1 + (int)below(below(8) ? 24 : 200);
        n = MIN(n, NP - s);
        switch (below(16)) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
            op_map(s, n);
            break;
        case 5:
        case 6:
        case 7:
            op_unmap(s, n);
            break;
        case 8:
        case 9:
        case 10:
            op_protect(s, n, prots[below(4)]);
            break;
        case 11:
            op_discard(s, n);
            break;
        case 12:
            op_move();
            break;
        case 13:
            if (model[s].mapped)
                present[s] = 1; /* a fault brought the page in */
            break;
        case 14:
            set_limits();
            break;
        default:
            op_query();
        }
        check_model();
    }
    lim_as = lim_data = lim_data_max = INF;
}

/* ---- the tree alone, at scale ---------------------------------------- */

/* Single pages packed downwards from MM_MMAP_BASE, as mmap places them,
 * until the limit: then holes punched and found again, a whole-mapping
 * protect, and one unmap of everything (a cut of the whole tree). */
static void scale(void)
{
    uint64_t top = MM_MMAP_BASE - 3 * PG, a;
    int rw = LX_PROT_READ | LX_PROT_WRITE;
    expect(vma_map(top, 3 * PG, rw, 0, NULL, 0), 0, "scale block");
    for (int i = 0;; i++) {
        a = vma_find_free(PG);
        if (a != top - PG)
            FAIL("scale: find_free gave %lx, want %lx", a, top - PG);
        long err = vma_map(a, PG, i & 1 ? rw : LX_PROT_READ, 0, NULL, 0);
        if (err) {
            expect(err, -ENOMEM, "map past the limit");
            break;
        }
        top = a;
    }
    check_tree();
    if (mm_space_current()->count != LIMIT)
        FAIL("scale: stopped at %lu mappings", mm_space_current()->count);
    uint64_t block = MM_MMAP_BASE - 3 * PG;
    expect(vma_protect(block + PG, PG, LX_PROT_READ), -ENOMEM,
           "scale split by protect");
    expect(vma_unmap(block + PG, PG), -ENOMEM, "scale split by unmap");
    uint64_t hole = MM_MMAP_BASE - 10 * PG;
    expect(vma_unmap(hole, 2 * PG), 0, "scale unmap");
    if (vma_find_free(2 * PG) != hole || vma_find_free(3 * PG) != top - 3 * PG)
        FAIL("scale: holes not found");
    expect(vma_protect(top + 100 * PG, PG, LX_PROT_EXEC), 0, "scale protect");
    check_tree();
    expect(vma_unmap(0x10000, MM_USER_TOP - 0x10000), 0, "scale unmap all");
    if (mm_space_current()->count || mm_space_current()->total_bytes ||
        mm_space_current()->data_bytes)
        FAIL("scale: not empty after unmapping all (%lu left)",
             mm_space_current()->count);
    check_tree();
}

/* Filling up to the limit by splitting one mapping: the last split fails
 * and changes nothing; only maps that merge still work. */
static void limit_edges(void)
{
    uint64_t base = MM_MMAP_BASE - 4 * LIMIT * PG, end = base + 2 * LIMIT * PG;
    expect(vma_map(MM_MMAP_BASE - PG, PG, LX_PROT_READ, 0, NULL, 0), 0, "top");
    expect(vma_map(base, 2 * LIMIT * PG, LX_PROT_NONE, 0, NULL, 0), 0, "big");
    long err = 0;
    for (uint64_t i = 0; !err; i++)
        err = vma_protect(base + (2 * i + 1) * PG, PG, LX_PROT_READ);
    expect(err, -ENOMEM, "protect at the limit");
    uint64_t count = mm_space_current()->count;
    if (count > LIMIT || count + 2 <= LIMIT)
        FAIL("limit: %lu mappings", count);
    check_tree();
    /* splitting the middle adds one mapping; trimming an end adds none */
    expect(vma_unmap(end - 4 * PG, PG), count + 1 > LIMIT ? -ENOMEM : 0,
           "split by unmap");
    count = mm_space_current()->count;
    expect(vma_unmap(end - PG, PG), 0, "trim by unmap");
    if (count < LIMIT)
        expect(vma_map(MM_MMAP_BASE - 3 * PG, PG, LX_PROT_EXEC, 0, NULL, 0), 0,
               "map below the limit");
    expect(vma_map(MM_MMAP_BASE - 5 * PG, PG, LX_PROT_EXEC, 0, NULL, 0),
           -ENOMEM, "map at the limit");
    count = mm_space_current()->count;
    expect(vma_map(MM_MMAP_BASE - 2 * PG, PG, LX_PROT_READ, 0, NULL, 0), 0,
           "merging map at the limit");
    if (mm_space_current()->count != count)
        FAIL("merging map changed the count");
    check_tree();
    expect(vma_unmap(0x10000, MM_USER_TOP - 0x10000), 0, "unmap all");
    check_tree();
}

int main(int argc, char **argv)
{
    seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x5eed5eedULL;
    uint64_t ops = argc > 2 ? strtoull(argv[2], NULL, 0) : 100000;
    uint64_t first_seed = seed;
    trace = getenv("TEST_VMA_TRACE") != NULL;
    /* first far from the limit, then near it (where plan() decides) */
    mm_set_max_map_count(1000);
    random_ops(ops / 4);
    mm_set_max_map_count(48);
    random_ops(ops);
    expect(vma_unmap(WIN, NP * PG), 0, "clear window");
    memset(model, 0, sizeof(model));
    check_model();
    mm_set_max_map_count(300);
    limit_edges();
    mm_set_max_map_count(MM_MAX_MAP_COUNT);
    scale();
    printf("test_vma: %llu random operations (seed %#llx; %llu changes, %llu "
           "ENOMEM), the limit and %d mappings: ok\n",
           (unsigned long long)ops, (unsigned long long)first_seed,
           (unsigned long long)n_ok, (unsigned long long)n_enomem,
           MM_MAX_MAP_COUNT);
    return 0;
}
