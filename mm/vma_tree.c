// SPDX-License-Identifier: MIT
/*
 * The ordered tree of mappings: a treap (a binary search tree by start
 * address that is also a heap by random priority, so its shape is that of
 * a random insertion order and its depth O(log n) expected).
 *
 * Each node stores the hole below it (gap: its start minus the previous
 * mapping's end) and the largest hole in its subtree (max_gap).  Every
 * change is made as a sequence of single changes (a leaf added or removed,
 * one node's gap changed, a rotation), and after each single change
 * fix_up() recomputes max_gap upwards until a node's value stays the same:
 * above that node nothing can have changed.  Rotations keep the set of
 * nodes under the pair they turn, so only the pair is recomputed.
 */
#include "kernel/kernel.h"
#include "mm/mm.h"
#include "mm/vma_tree.h"

#define L(v) ((v)->t.left)
#define R(v) ((v)->t.right)
#define UP(v) ((v)->t.up)

static uint32_t prio_state = 0x9e3779b9u;

/* xorshift32: good enough to shuffle a treap, and reproducible. */
static uint32_t next_prio(void)
{
    uint32_t x = prio_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return prio_state = x;
}

static uint64_t calc(const struct vma *v)
{
    uint64_t m = v->t.gap;
    if (L(v) && L(v)->t.max_gap > m)
        m = L(v)->t.max_gap;
    if (R(v) && R(v)->t.max_gap > m)
        m = R(v)->t.max_gap;
    return m;
}

static void fix_up(struct vma *v)
{
    for (; v; v = UP(v)) {
        uint64_t m = calc(v);
        if (m == v->t.max_gap)
            return;
        v->t.max_gap = m;
    }
}

/* Point the parent of old (or the root) at new. */
static void replace_child(struct vma **root, struct vma *parent,
                          struct vma *old, struct vma *new)
{
    if (!parent)
        *root = new;
    else if (L(parent) == old)
        L(parent) = new;
    else
        R(parent) = new;
}

/* Turn v and its parent so that v takes the parent's place. */
static void rotate_up(struct vma **root, struct vma *v)
{
    struct vma *p = UP(v), *g = UP(p);
    if (L(p) == v) {
        L(p) = R(v);
        if (L(p))
            UP(L(p)) = p;
        R(v) = p;
    } else {
        R(p) = L(v);
        if (R(p))
            UP(R(p)) = p;
        L(v) = p;
    }
    UP(p) = v;
    UP(v) = g;
    replace_child(root, g, p, v);
    p->t.max_gap = calc(p);
    v->t.max_gap = calc(v);
}

static struct vma *leftmost(struct vma *v)
{
    while (v && L(v))
        v = L(v);
    return v;
}

static struct vma *rightmost(struct vma *v)
{
    while (v && R(v))
        v = R(v);
    return v;
}

struct vma *vtree_first(struct vma *root)
{
    return leftmost(root);
}

struct vma *vtree_last(struct vma *root)
{
    return rightmost(root);
}

struct vma *vtree_next(const struct vma *v)
{
    if (R(v))
        return leftmost(R(v));
    while (UP(v) && R(UP(v)) == v)
        v = UP(v);
    return UP(v);
}

struct vma *vtree_prev(const struct vma *v)
{
    if (L(v))
        return rightmost(L(v));
    while (UP(v) && L(UP(v)) == v)
        v = UP(v);
    return UP(v);
}

struct vma *vtree_lookup(struct vma *root, uint64_t addr)
{
    struct vma *found = NULL;
    while (root) {
        if (root->end > addr) {
            found = root;
            root = L(root);
        } else {
            root = R(root);
        }
    }
    return found;
}

/* next's predecessor is now prev: set its gap and propagate. */
static void set_gap(struct vma *next, const struct vma *prev)
{
    uint64_t gap = next ? next->start - (prev ? prev->end : 0) : 0;
    if (next && gap != next->t.gap) {
        next->t.gap = gap;
        fix_up(next);
    }
}

/* Hang v as a leaf just above prev (or lowest) and give it a priority. */
static inline void attach(struct vma **root, struct vma *prev, struct vma *v)
{
    L(v) = R(v) = NULL;
    v->t.prio = next_prio();
    if (!prev && !*root) {
        UP(v) = NULL;
        *root = v;
    } else if (!prev) {
        UP(v) = leftmost(*root);
        L(UP(v)) = v;
    } else if (!R(prev)) {
        UP(v) = prev;
        R(prev) = v;
    } else {
        UP(v) = leftmost(R(prev));
        L(UP(v)) = v;
    }
}

/* Restore the heap order above a new leaf. */
static inline void rise(struct vma **root, struct vma *v)
{
    while (UP(v) && UP(v)->t.prio < v->t.prio)
        rotate_up(root, v);
}

void vtree_insert_after(struct vma **root, struct vma *prev, struct vma *v)
{
    attach(root, prev, v);
    v->t.gap = v->start - (prev ? prev->end : 0);
    v->t.max_gap = v->t.gap;
    fix_up(UP(v));
    set_gap(vtree_next(v), v);
    rise(root, v);
}

void vtree_insert_split(struct vma **root, struct vma *prev, struct vma *v)
{
    /* No gap changes: v's is 0, which changes no maximum, and the one
     * above v still starts where prev used to end. */
    attach(root, prev, v);
    v->t.gap = v->t.max_gap = 0;
    rise(root, v);
}

void vtree_erase(struct vma **root, struct vma *v)
{
    struct vma *prev = vtree_prev(v), *next = vtree_next(v);
    while (L(v) && R(v))
        rotate_up(root, L(v)->t.prio > R(v)->t.prio ? L(v) : R(v));
    struct vma *child = L(v) ? L(v) : R(v), *p = UP(v);
    if (child)
        UP(child) = p;
    replace_child(root, p, v, child);
    fix_up(p);
    set_gap(next, prev);
}

void vtree_resized(struct vma *v)
{
    set_gap(v, vtree_prev(v));
    set_gap(vtree_next(v), v);
}

/* Split t into the nodes that start below key (*lo) and the rest (*hi).
 * The roots' parent links are the caller's to set. */
static void split(struct vma *t, uint64_t key, struct vma **lo, struct vma **hi)
{
    if (!t) {
        *lo = *hi = NULL;
        return;
    }
    if (t->start < key) {
        split(R(t), key, &R(t), hi);
        if (R(t))
            UP(R(t)) = t;
        *lo = t;
    } else {
        split(L(t), key, lo, &L(t));
        if (L(t))
            UP(L(t)) = t;
        *hi = t;
    }
    t->t.max_gap = calc(t);
}

/* One treap of a and b, every node of a being below every node of b. */
static struct vma *join(struct vma *a, struct vma *b)
{
    if (!a || !b)
        return a ? a : b;
    if (a->t.prio > b->t.prio) {
        R(a) = join(R(a), b);
        UP(R(a)) = a;
        a->t.max_gap = calc(a);
        return a;
    }
    L(b) = join(a, L(b));
    UP(L(b)) = b;
    b->t.max_gap = calc(b);
    return b;
}

struct vma *vtree_cut(struct vma **root, struct vma *first, struct vma *last)
{
    struct vma *prev = vtree_prev(first), *next = vtree_next(last);
    struct vma *lo, *mid, *hi;
    split(*root, first->start, &lo, &hi);
    split(hi, last->end, &mid, &hi);
    *root = join(lo, hi);
    if (*root)
        UP(*root) = NULL;
    set_gap(next, prev);
    return mid;
}

/* The highest fit in the gaps of subtree t, clipped to [lo, hi), or 0.
 * The gaps of the right subtree lie above t's end, those of the left one
 * below the bottom of t's own gap. */
static uint64_t search(const struct vma *t, uint64_t lo, uint64_t hi,
                       uint64_t len)
{
    while (t && t->t.max_gap >= len) {
        uint64_t found, bottom = t->start - t->t.gap;
        if (t->end < hi && (found = search(R(t), lo, hi, len)))
            return found;
        uint64_t a = MAX(bottom, lo), b = MIN(t->start, hi);
        if (b > a && b - a >= len)
            return b - len;
        if (bottom <= lo)
            return 0;
        t = L(t);
    }
    return 0;
}

uint64_t vtree_find_gap(struct vma *root, uint64_t lo, uint64_t hi,
                        uint64_t len)
{
    if (lo >= hi || len > hi - lo)
        return 0;
    struct vma *last = vtree_last(root);
    uint64_t top = last ? MAX(last->end, lo) : lo;
    if (top < hi && hi - top >= len)
        return hi - len;
    return search(root, lo, hi, len);
}
