/* SPDX-License-Identifier: MIT */
/*
 * One result for a dynamic closure: the hits and unresolved sites of each
 * object are moved into it, tagged with the object, then the hits are
 * sorted by number, object and site so that the report sees each syscall
 * number once, as it does for a single object.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

/* Grow *p (of elements of size sz) to hold n. */
static int grow(void *p, size_t n, size_t sz)
{
    void *q = realloc(*(void **)p, (n ? n : 1) * sz);
    if (!q)
        return -1;
    *(void **)p = q;
    return 0;
}

static int move_hits(struct scan_result *all, struct scan_result *part,
                     uint32_t obj)
{
    size_t n = all->nhits + part->nhits;
    if (grow(&all->hits, n, sizeof(*all->hits)) ||
        grow(&all->hit_syms, n, sizeof(char *)) ||
        grow(&all->hit_via, n, sizeof(char *)) ||
        grow(&all->hit_obj, n, sizeof(uint32_t)))
        return -1;
    for (size_t i = 0; i < part->nhits; i++) {
        size_t k = all->nhits + i;
        all->hits[k] = part->hits[i];
        all->hit_syms[k] = part->hit_syms[i];
        all->hit_via[k] = part->hit_via[i];
        all->hit_obj[k] = obj;
        part->hit_syms[i] = part->hit_via[i] = NULL;
    }
    all->nhits = n;
    return 0;
}

static int move_unres(struct scan_result *all, struct scan_result *part,
                      uint32_t obj)
{
    size_t n = all->nunres + part->nunres;
    if (grow(&all->unres, n, sizeof(*all->unres)) ||
        grow(&all->unres_obj, n, sizeof(uint32_t)))
        return -1;
    for (size_t i = 0; i < part->nunres; i++) {
        all->unres[all->nunres + i] = part->unres[i];
        all->unres_obj[all->nunres + i] = obj;
    }
    all->nunres = n;
    part->nunres = 0; /* the strings belong to all now */
    return 0;
}

int scan_merge(struct scan_result *all, struct scan_result *part, uint32_t obj)
{
    struct scan_object *o = &all->objs[obj];
    o->nsites = part->nsites;
    o->nhits = part->nhits;
    o->nunres = part->nunres;
    all->nsites += part->nsites;
    all->recovered += part->recovered;
    if (move_hits(all, part, obj) || move_unres(all, part, obj))
        return -1;
    scan_result_free(part);
    return 0;
}

/* Order of hits: the result being sorted, for qsort's comparator. */
static const struct scan_result *sorting;

static int cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const struct scan_hit *hx = &sorting->hits[x], *hy = &sorting->hits[y];
    if (hx->nr != hy->nr)
        return hx->nr < hy->nr ? -1 : 1;
    if (sorting->hit_obj[x] != sorting->hit_obj[y])
        return sorting->hit_obj[x] < sorting->hit_obj[y] ? -1 : 1;
    return hx->site < hy->site ? -1 : hx->site > hy->site;
}

/* Put element order[i] of the array p (elements of size sz) at i. */
static int permute(void *p, const size_t *order, size_t n, size_t sz)
{
    uint8_t *copy = malloc(n * sz), *a = p;
    if (!copy)
        return -1;
    for (size_t i = 0; i < n; i++)
        memcpy(copy + i * sz, a + order[i] * sz, sz);
    memcpy(a, copy, n * sz);
    free(copy);
    return 0;
}

int scan_merge_finish(struct scan_result *all)
{
    size_t n = all->nhits;
    if (n == 0)
        return 0;
    size_t *order = malloc(n * sizeof(*order));
    if (!order)
        return -1;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sorting = all;
    qsort(order, n, sizeof(*order), cmp_index);
    sorting = NULL;
    int r = permute(all->hits, order, n, sizeof(*all->hits)) ||
            permute(all->hit_syms, order, n, sizeof(char *)) ||
            permute(all->hit_via, order, n, sizeof(char *)) ||
            permute(all->hit_obj, order, n, sizeof(uint32_t));
    free(order);
    return r ? -1 : 0;
}
