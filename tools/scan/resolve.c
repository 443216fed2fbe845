/* SPDX-License-Identifier: MIT */
/*
 * From each syscall instruction, walk backwards to what sets eax.  Inside
 * a block the walk steps over one instruction at a time (step.c).  At a
 * block start (a direct jump or call target, a symbol, an endbr64, or an
 * instruction after a jmp/ret) it continues into every known predecessor:
 * the fall-through from the previous instruction and each direct jump, so
 * a merge resolves when all its paths do.  A start that may be entered
 * from unknown places (a function entry, a call target, code reached only
 * by indirect jumps) leaves the site unresolved, but its direct callers
 * are still walked, a few levels up, for the numbers they pass in: those
 * count at the call instruction.  Calls end a path (they clobber rax),
 * except that outside Go a value in rbx, rbp or r12-r15 survives them, as
 * the SysV ABI says; alignment padding after a jmp or a call to a function
 * that never returns is no predecessor.  Each path either ends at a
 * constant (a hit) or fails with a reason; a site is resolved only if no
 * path failed.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/scan/step.h"

/* Real programs need at most about 100 steps and 30 paths per site; the
 * limits keep hostile input from taking long. */
#define MAX_DEPTH 3       /* levels of callers walked from a site */
#define MAX_ITEMS 512     /* paths started per walk */
#define MAX_STEPS 4096    /* instructions stepped over per walk */
#define MAX_TOTAL 2000000 /* instructions stepped over in all */
#define SEEN_BITS 13      /* visited-state hash table: 8192 slots */

struct item {
    size_t pos;      /* the value wanted is the one before insns[pos] */
    uint64_t site;   /* where a constant found on this path counts */
    uint64_t callee; /* function called at site, 0 at a syscall */
    int depth;       /* call levels crossed */
    int noblock;     /* pos is entered by fall-through: step over pos-1 */
    struct scan_track t;
};

struct walk {
    struct scan_code *code;
    struct scan_result *res;
    size_t hcap;
    struct item *stack;
    size_t n, cap;
    uint64_t seen[1 << SEEN_BITS];
    uint16_t used[MAX_STEPS + MAX_ITEMS]; /* slots of seen to clear */
    size_t nused;
    long total;
    int items, steps;
    int failed;
    char why[SCAN_WHY];
};

static int push_item(struct walk *w, const struct item *it)
{
    if (w->n == w->cap) {
        size_t c = w->cap ? 2 * w->cap : 64;
        struct item *p = realloc(w->stack, c * sizeof(*p));
        if (!p)
            return -1;
        w->stack = p;
        w->cap = c;
    }
    w->stack[w->n++] = *it;
    return 0;
}

static int add_hit(struct walk *w, uint32_t nr, const struct item *it)
{
    struct scan_result *res = w->res;
    if (res->nhits == w->hcap) {
        size_t c = w->hcap ? 2 * w->hcap : 256;
        struct scan_hit *p = realloc(res->hits, c * sizeof(*p));
        if (!p)
            return -1;
        res->hits = p;
        w->hcap = c;
    }
    res->hits[res->nhits++] = (struct scan_hit){nr, it->site, it->callee};
    return 0;
}

/* A failure counts for the site only on its own level; in callers it
 * only means fewer numbers were found. */
static void failed(struct walk *w, const struct item *it, const char *why)
{
    if (it->depth == 0 && !w->failed) {
        w->failed = 1;
        snprintf(w->why, sizeof(w->why), "%s", why);
    }
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

/* 1 if this state was already walked (then its results are known). */
static int seen(struct walk *w, const struct item *it)
{
    uint64_t h = mix(mix(mix(it->pos, it->site), it->noblock),
                     (uint64_t)it->t.reg << 8 | (uint64_t)it->t.nops);
    for (int i = 0; i < it->t.nops; i++)
        h = mix(mix(h, it->t.ops[i].kind), it->t.ops[i].imm);
    h |= 1;
    for (size_t i = h & ((1 << SEEN_BITS) - 1), n = 0; n < 64; n++) {
        if (w->seen[i] == h)
            return 1;
        if (w->seen[i] == 0) {
            if (w->nused == sizeof(w->used) / sizeof(w->used[0]))
                return 0;
            w->seen[i] = h;
            w->used[w->nused++] = (uint16_t)i;
            return 0;
        }
        i = (i + 1) & ((1 << SEEN_BITS) - 1);
    }
    return 0;
}

/* Is insns[pos] reached by falling through from insns[pos-1]?  Padding
 * (nops, int3) counts only if something falls into it in turn. */
static int falls_into(const struct scan_code *code, size_t pos)
{
    for (size_t q = pos; q > 0; q--) {
        const struct scan_insn *p = &code->insns[q - 1];
        if ((p->flags & SI_NOFALL) || p->addr + p->size != code->insns[q].addr)
            return 0;
        if (!(p->flags & SI_PAD) || (p->flags & (SI_TARGET | SI_SYMBOL)))
            return 1;
    }
    return 0;
}

/* Can callers pass a value in reg?  Go passes arguments in rax, rbx,
 * rcx, rdi, rsi, r8-r11; the SysV ABI in rdi, rsi, rdx, rcx, r8, r9 (rax
 * holds the vector register count of variadic calls: no syscall number).
 * [rsp] at entry is the return address. */
static int is_argument(const struct scan_code *code, int reg)
{
#define R(r) (1u << (r))
    static const unsigned go = R(SCAN_RAX) | R(SCAN_RBX) | R(SCAN_RCX) |
                               R(SCAN_RDI) | R(SCAN_RSI) | R(8) | R(9) | R(10) |
                               R(11);
    static const unsigned sysv =
        R(SCAN_RDI) | R(SCAN_RSI) | R(SCAN_RDX) | R(SCAN_RCX) | R(8) | R(9);
#undef R
    if (reg < 0 || reg >= 16)
        return 0;
    return ((code->img->go ? go : sysv) >> reg) & 1;
}

/* At the start of a block: queue its predecessors and callers. */
static int block(struct walk *w, const struct item *it)
{
    const struct scan_code *code = w->code;
    const struct scan_insn *in = &code->insns[it->pos];
    size_t first, n = scan_edges_to(code, in->addr, &first), jumps = 0;
    int ft = !(in->flags & SI_SYMBOL) && falls_into(code, it->pos);
    int calls = 0;
    char why[SCAN_WHY];

    for (size_t i = first; i < first + n; i++) {
        const struct scan_edge *e = &code->edges[i];
        struct item next = *it;
        if (e->call) {
            calls++;
            if (it->depth >= MAX_DEPTH || !is_argument(code, it->t.reg))
                continue;
            next.pos = e->src;
            next.site = code->insns[e->src].addr;
            next.callee = in->addr;
            next.depth = it->depth + 1;
            next.noblock = 0;
        } else {
            jumps++;
            next.pos = e->src + 1; /* step over the jump itself */
            next.noblock = 1;
        }
        if (push_item(w, &next))
            return -1;
    }
    if (ft) {
        struct item next = *it;
        next.noblock = 1;
        if (push_item(w, &next))
            return -1;
    }
    if ((in->flags & (SI_SYMBOL | SI_ENDBR)) || calls) {
        const char *f = scan_symbol_at(code->img, in->addr);
        char at[40];
        snprintf(at, sizeof(at), "the function at 0x%llx",
                 (unsigned long long)in->addr);
        snprintf(why, sizeof(why), "number passed in %s to %s",
                 scan_reg_name(it->t.reg), strcmp(f, "?") ? f : at);
        failed(w, it, why);
    } else if (!ft && !jumps) {
        failed(w, it, "reached only by indirect jumps");
    }
    return 0;
}

/* Follow one path backwards until it ends or forks into the stack. */
static int walk_item(struct walk *w, struct item *it)
{
    struct scan_code *code = w->code;
    char why[SCAN_WHY];
    for (;;) {
        if (seen(w, it))
            return 0;
        if (!it->noblock && (it->pos == 0 ||
                             (code->insns[it->pos].flags &
                              (SI_TARGET | SI_SYMBOL | SI_ENDBR)) ||
                             !falls_into(code, it->pos)))
            return block(w, it);
        if (it->pos == 0) {
            failed(w, it, "start of the code");
            return 0;
        }
        if (++w->steps > MAX_STEPS || ++w->total > MAX_TOTAL) {
            it->depth = 0;
            failed(w, it,
                   w->total > MAX_TOTAL ? "analysis budget exhausted"
                                        : "too many paths");
            return 0;
        }
        it->noblock = 0;
        it->pos--;
        const cs_insn *ci = scan_decode(code, it->pos);
        if (!ci) {
            failed(w, it, "undecodable bytes before it");
            return 0;
        }
        struct item fork = *it;
        uint32_t val = 0;
        switch (scan_step(code->cs, ci, &it->t, &fork.t, &val, why,
                          code->img->go ? 0 : STEP_SYSV)) {
        case STEP_PASS:
            break;
        case STEP_DEF:
            return add_hit(w, val, it);
        case STEP_FORK:
            if (push_item(w, &fork))
                return -1;
            break;
        case STEP_FAIL:
            failed(w, it, why);
            return 0;
        }
    }
}

/* Walk from start; returns -1 only if out of memory. */
static int walk(struct walk *w, const struct item *start)
{
    while (w->nused)
        w->seen[w->used[--w->nused]] = 0;
    w->items = w->steps = w->failed = 0;
    w->n = 0;
    if (push_item(w, start))
        return -1;
    while (w->n) {
        struct item it = w->stack[--w->n];
        if (++w->items > MAX_ITEMS) {
            it.depth = 0;
            failed(w, &it, "too many paths");
            break;
        }
        if (walk_item(w, &it))
            return -1;
    }
    return 0;
}

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_unres(struct walk *w, uint64_t addr, size_t *cap)
{
    const struct scan_image *img = w->code->img;
    struct scan_result *res = w->res;
    const char *wrapper = scan_wrapper_at(img, addr);
    char why[SCAN_WHY + 16];
    if (res->nunres == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        struct scan_unres *p = realloc(res->unres, c * sizeof(*p));
        if (!p)
            return -1;
        res->unres = p;
        *cap = c;
    }
    if (wrapper)
        snprintf(why, sizeof(why), "wrapper %s", wrapper);
    else
        snprintf(why, sizeof(why), "%s", w->why);
    struct scan_unres *u = &res->unres[res->nunres++];
    u->addr = addr;
    u->symbol = dup(scan_symbol_at(img, addr));
    u->reason = dup(why);
    u->wrapper = dup(wrapper);
    if (!u->symbol || !u->reason || (wrapper && !u->wrapper))
        return -1;
    return 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const struct scan_hit *x = a, *y = b;
    if (x->nr != y->nr)
        return x->nr < y->nr ? -1 : 1;
    return x->site < y->site ? -1 : x->site > y->site;
}

int scan_resolve(struct scan_code *code, struct scan_result *res)
{
    struct walk *w = calloc(1, sizeof(*w));
    size_t ucap = 0, k = 0;
    uint64_t entry;
    int reg, r = -1;
    if (!w)
        return -1;
    w->code = code;
    w->res = res;
    for (size_t i = 0; i < code->ninsns; i++) {
        if (!(code->insns[i].flags & SI_SYSCALL))
            continue;
        struct item it = {.pos = i, .site = code->insns[i].addr};
        it.t.reg = SCAN_RAX;
        res->nsites++;
        if (walk(w, &it) || (w->failed && add_unres(w, it.site, &ucap)))
            goto out;
    }
    /* the direct callers of wrappers whose number register is known */
    while (scan_wrapper_entry(code->img, &k, &entry, &reg)) {
        size_t first, n = scan_edges_to(code, entry, &first);
        for (size_t i = first; i < first + n; i++) {
            size_t src = code->edges[i].src;
            struct item it = {.pos = src,
                              .site = code->insns[src].addr,
                              .callee = entry,
                              .depth = 1};
            it.t.reg = reg;
            if (walk(w, &it))
                goto out;
        }
    }
    if (res->nhits)
        qsort(res->hits, res->nhits, sizeof(*res->hits), cmp_hit);
    size_t m = 0;
    for (size_t i = 0; i < res->nhits; i++)
        if (m == 0 || cmp_hit(&res->hits[i], &res->hits[m - 1]) != 0)
            res->hits[m++] = res->hits[i];
    res->nhits = m;
    res->recovered = code->recovered;
    r = 0;
out:
    free(w->stack);
    free(w);
    return r;
}
