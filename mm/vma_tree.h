/* SPDX-License-Identifier: MIT */
/*
 * The ordered tree of an address space's mappings (mm/vma_tree.c): a treap
 * keyed by start address, with parent links, whose nodes also carry the
 * hole below each mapping and the largest such hole in their subtree, so
 * that lookup, insertion, removal and the search for a free range are all
 * O(log n).  Mappings never overlap, so ordering by start also orders the
 * ends.  Pure C with no kernel state: it builds into the host unit test.
 */
#ifndef UK_MM_VMA_TREE_H
#define UK_MM_VMA_TREE_H

#include <stdint.h>

struct vma;

/* The tree fields of a struct vma; only mm/vma_tree.c writes them. */
struct vma_links {
    struct vma *left, *right, *up;
    uint64_t gap;     /* start - the previous mapping's end (start if first) */
    uint64_t max_gap; /* the largest gap in this subtree */
    uint32_t prio;    /* heap order: a parent's is at least its children's */
};

/* The first mapping whose end is above addr (the one holding addr, or the
 * next one up), or NULL. */
struct vma *vtree_lookup(struct vma *root, uint64_t addr);
/* The lowest and highest mappings, or NULL when the tree is empty. */
struct vma *vtree_first(struct vma *root);
struct vma *vtree_last(struct vma *root);
/* The mappings just above and just below v, or NULL. */
struct vma *vtree_next(const struct vma *v);
struct vma *vtree_prev(const struct vma *v);
/* Insert v (start and end set, overlapping nothing) just above prev, or as
 * the lowest mapping when prev is NULL; prev must be v's predecessor. */
void vtree_insert_after(struct vma **root, struct vma *prev, struct vma *v);
/* Insert v just above prev when v is the upper part of what prev covered
 * a moment ago: prev->end was just lowered to v->start, and v->end is
 * where prev ended.  Cheaper than vtree_insert_after: no gap changes. */
void vtree_insert_split(struct vma **root, struct vma *prev, struct vma *v);
/* Remove v from the tree. */
void vtree_erase(struct vma **root, struct vma *v);
/* v's start or end moved without passing a neighbour: update the gaps. */
void vtree_resized(struct vma *v);
/* Remove the mappings first..last (in address order, first <= last) at
 * once: O(log n + k).  Returns them as a tree of their own (left and
 * right links; the others are stale). */
struct vma *vtree_cut(struct vma **root, struct vma *first, struct vma *last);
/* The highest a with [a, a + len) free and inside [lo, hi), or 0 when
 * there is none (lo must be above 0, len above 0). */
uint64_t vtree_find_gap(struct vma *root, uint64_t lo, uint64_t hi,
                        uint64_t len);

#endif
