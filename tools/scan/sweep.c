/* SPDX-License-Identifier: MIT */
/*
 * Capstone over the executable ranges: a linear sweep with SKIPDATA keeps
 * one small record per instruction (address, size, kind, direct target).
 * A linear sweep can desynchronise after data or padding inside code, and
 * swallow a syscall into another instruction's immediate; so every 0f 05
 * the sweep did not decode as an instruction is tried again from the
 * nearest known entry points (direct branch targets and symbols) that the
 * sweep ran past.  Only a decoding that lands exactly on the bytes, as
 * syscall, through straight-line code, counts; that stretch of code
 * replaces the sweep's until the two decodings agree again.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

#define WHY(...) (snprintf(why, SCAN_WHY, __VA_ARGS__), -1)
#define RECOVER_BACK 4096 /* how far before a 0f 05 an entry may be */
#define RECOVER_ENTRIES 16
#define RECOVER_AFTER 64       /* instructions to decode past it to resync */
#define RECOVER_BUDGET 1000000 /* instructions decoded for it in all */
#define MAX_CODE (128u << 20)  /* bytes of code scanned at most */
#define MAX_SITES 1000000      /* syscall instructions at most */

struct ivec {
    struct scan_insn *v;
    size_t n, cap;
};

static int push(struct ivec *iv, const struct scan_insn *in)
{
    if (iv->n == iv->cap) {
        size_t c = iv->cap ? 2 * iv->cap : 4096;
        struct scan_insn *p = realloc(iv->v, c * sizeof(*p));
        if (!p)
            return -1;
        iv->v = p;
        iv->cap = c;
    }
    iv->v[iv->n++] = *in;
    return 0;
}

/* The record of one decoded instruction. */
static struct scan_insn classify(csh cs, const cs_insn *ci)
{
    struct scan_insn in = {ci->address, 0, (uint8_t)ci->size, 0};
    const cs_x86 *x = ci->detail ? &ci->detail->x86 : NULL;
    if (ci->id == X86_INS_INVALID || !x) {
        in.flags = SI_DATA;
        return in;
    }
    if (ci->id == X86_INS_SYSCALL)
        in.flags |= SI_SYSCALL;
    if (ci->id == X86_INS_ENDBR64)
        in.flags |= SI_ENDBR;
    if (ci->id == X86_INS_NOP || ci->id == X86_INS_INT3)
        in.flags |= SI_PAD;
    if (cs_insn_group(cs, ci, X86_GRP_CALL))
        in.flags |= SI_CALL;
    else if (cs_insn_group(cs, ci, X86_GRP_JUMP))
        in.flags |= SI_JUMP;
    if (ci->id == X86_INS_JMP || ci->id == X86_INS_LJMP ||
        cs_insn_group(cs, ci, X86_GRP_RET) ||
        cs_insn_group(cs, ci, X86_GRP_IRET) || ci->id == X86_INS_UD2 ||
        ci->id == X86_INS_UD2B || ci->id == X86_INS_HLT ||
        ci->id == X86_INS_SYSRET || ci->id == X86_INS_SYSEXIT)
        in.flags |= SI_NOFALL;
    if ((in.flags & (SI_CALL | SI_JUMP)) && x->op_count == 1 &&
        x->operands[0].type == X86_OP_IMM)
        in.target = (uint64_t)x->operands[0].imm;
    return in;
}

/* Decode one instruction at addr in range r into code->ci. */
static int decode_at(struct scan_code *code, const struct scan_range *r,
                     uint64_t addr)
{
    uint64_t off = addr - r->vaddr, a = addr;
    const uint8_t *p = r->bytes + off;
    size_t left = r->size - off;
    if (left > 16)
        left = 16;
    return cs_disasm_iter(code->cs, &p, &left, &a, code->ci);
}

static int sweep_range(struct scan_code *code, struct ivec *iv,
                       const struct scan_range *r)
{
    const uint8_t *p = r->bytes;
    size_t left = r->size;
    uint64_t a = r->vaddr;
    while (left) {
        struct scan_insn in;
        if (cs_disasm_iter(code->cs, &p, &left, &a, code->ci)) {
            in = classify(code->cs, code->ci);
        } else { /* SKIPDATA gave up: one byte of data */
            in = (struct scan_insn){a, 0, 1, SI_DATA};
            p++, left--, a++;
        }
        if (push(iv, &in))
            return -1;
    }
    return 0;
}

/* Index of the first instruction at or after addr (ninsns if none). */
static size_t lower_bound(const struct scan_code *code, uint64_t addr)
{
    size_t lo = 0, hi = code->ninsns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (code->insns[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t scan_insn_index(const struct scan_code *code, uint64_t addr)
{
    size_t i = lower_bound(code, addr);
    return i < code->ninsns && code->insns[i].addr == addr ? i : SIZE_MAX;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Branch targets and symbols the sweep did not start an instruction at,
 * sorted: where a desynchronised sweep may have lost real code. */
static uint64_t *lost_entries(const struct scan_code *code, size_t *n)
{
    const struct scan_image *img = code->img;
    uint64_t *v = malloc((code->ninsns + img->nsyms + 1) * sizeof(*v));
    size_t k = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < code->ninsns; i++) {
        uint64_t t = code->insns[i].target;
        if (t && scan_range_at(img, t) && scan_insn_index(code, t) == SIZE_MAX)
            v[k++] = t;
    }
    for (size_t i = 0; i < img->nsyms; i++)
        if (scan_insn_index(code, img->syms[i].addr) == SIZE_MAX)
            v[k++] = img->syms[i].addr;
    qsort(v, k, sizeof(*v), cmp_u64);
    *n = k;
    return v;
}

/* Decode straight-line code from entry: 1, with the instructions in patch
 * and the end of the stretch in *hi, if it reaches the syscall at a exactly
 * and then falls in step with the sweep again (or runs long enough). */
static int try_entry(struct scan_code *code, const struct scan_range *r,
                     uint64_t entry, uint64_t a, struct ivec *patch,
                     uint64_t *hi)
{
    uint64_t pc = entry, end = r->vaddr + r->size;
    size_t start = patch->n, after = 0;
    while (pc < end) {
        if (pc > a &&
            (scan_insn_index(code, pc) != SIZE_MAX || ++after > RECOVER_AFTER))
            break;
        if (code->budget-- <= 0)
            goto fail;
        if (!decode_at(code, r, pc))
            goto fail;
        struct scan_insn in = classify(code->cs, code->ci);
        if (pc < a && ((in.flags & (SI_DATA | SI_NOFALL)) || pc + in.size > a))
            goto fail; /* no straight line to a */
        if (pc == a && !(in.flags & SI_SYSCALL))
            goto fail;
        if (push(patch, &in))
            return -1;
        pc += in.size;
    }
    if (pc <= a)
        goto fail;
    *hi = pc;
    return 1;
fail:
    patch->n = start;
    return 0;
}

static int cmp_insn(const void *a, const void *b)
{
    const struct scan_insn *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct span {
    uint64_t lo, hi;
};

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Merge the recovered stretches into the sweep: they replace the sweep's
 * instructions starting inside them.  Both lists are sorted, so one pass
 * merges them. */
static int apply(struct scan_code *code, struct ivec *patch, struct span *sp,
                 size_t np)
{
    struct ivec out = {0};
    size_t j = 0, p = 0;
    qsort(sp, np, sizeof(*sp), cmp_span);
    qsort(patch->v, patch->n, sizeof(*patch->v), cmp_insn);
    for (size_t i = 0; i <= code->ninsns; i++) {
        const struct scan_insn *in = i < code->ninsns ? &code->insns[i] : NULL;
        for (; p < patch->n && (!in || patch->v[p].addr <= in->addr); p++)
            if ((!out.n || out.v[out.n - 1].addr < patch->v[p].addr) &&
                push(&out, &patch->v[p]))
                goto oom;
        if (!in)
            break;
        int keep = 1;
        while (j < np && sp[j].hi <= in->addr)
            j++;
        for (size_t m = j; m < np && sp[m].lo <= in->addr && keep; m++)
            if (in->addr < sp[m].hi)
                keep = 0;
        if (keep && (!out.n || out.v[out.n - 1].addr < in->addr) &&
            push(&out, in))
            goto oom;
    }
    free(code->insns);
    code->insns = out.v;
    code->ninsns = out.n;
    return 0;
oom:
    free(out.v);
    return -1;
}

/* One missed 0f 05 at a: try the lost entries before it, nearest first. */
static int recover_one(struct scan_code *code, const struct scan_range *r,
                       uint64_t a, const uint64_t *ents, size_t nents,
                       struct ivec *patch, uint64_t *lo, uint64_t *hi)
{
    size_t j = 0, hi_ = nents;
    while (j < hi_) { /* first entry at or after a */
        size_t mid = j + (hi_ - j) / 2;
        if (ents[mid] < a)
            j = mid + 1;
        else
            hi_ = mid;
    }
    for (int tries = 0; j-- > 0 && tries < RECOVER_ENTRIES; tries++) {
        if (ents[j] < r->vaddr || a - ents[j] > RECOVER_BACK)
            break;
        size_t start = patch->n;
        int ok = try_entry(code, r, ents[j], a, patch, hi);
        if (ok <= 0) {
            if (ok < 0)
                return -1;
            continue;
        }
        *lo = ents[j];
        /* never trade a syscall the sweep saw for this one */
        for (size_t i = lower_bound(code, *lo);
             i < code->ninsns && code->insns[i].addr < *hi; i++)
            if (code->insns[i].flags & SI_SYSCALL)
                ok = 0;
        if (ok)
            return 1;
        patch->n = start;
    }
    return 0;
}

#define MAX_PATCHES 4096

/* Find the 0f 05 bytes the sweep missed and recover those that are
 * syscalls on a straight line from a lost entry point. */
static int recover(struct scan_code *code)
{
    size_t nents = 0, np = 0;
    uint64_t *ents = lost_entries(code, &nents);
    struct span *sp = malloc(MAX_PATCHES * sizeof(*sp));
    struct ivec patch = {0};
    int r = -1;
    if (!ents || !sp)
        goto out;
    for (size_t k = 0; k < code->img->nranges; k++) {
        const struct scan_range *rg = &code->img->ranges[k];
        for (uint64_t off = 0; off + 1 < rg->size && np < MAX_PATCHES; off++) {
            uint64_t a = rg->vaddr + off;
            if (rg->bytes[off] != 0x0f || rg->bytes[off + 1] != 0x05 ||
                scan_insn_index(code, a) != SIZE_MAX)
                continue;
            if (np && a < sp[np - 1].hi && a >= sp[np - 1].lo)
                continue; /* inside the last recovered stretch */
            int ok = recover_one(code, rg, a, ents, nents, &patch, &sp[np].lo,
                                 &sp[np].hi);
            if (ok < 0)
                goto out;
            if (ok) {
                np++;
                code->recovered++;
            }
        }
    }
    r = np ? apply(code, &patch, sp, np) : 0;
out:
    free(ents);
    free(sp);
    free(patch.v);
    return r;
}

static int cmp_edge(const void *a, const void *b)
{
    const struct scan_edge *x = a, *y = b;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    return x->src < y->src ? -1 : x->src > y->src;
}

/* Direct edges sorted by target, and the block-boundary flags. */
static int edges_and_flags(struct scan_code *code)
{
    const struct scan_image *img = code->img;
    size_t n = 0;
    for (size_t i = 0; i < code->ninsns; i++)
        n += code->insns[i].target != 0;
    code->edges = malloc((n + 1) * sizeof(*code->edges));
    if (!code->edges)
        return -1;
    for (size_t i = 0; i < code->ninsns; i++) {
        struct scan_insn *in = &code->insns[i];
        in->flags &= (uint16_t) ~(SI_TARGET | SI_SYMBOL);
        if ((in->flags & SI_CALL) && in->target &&
            scan_noreturn_at(img, in->target))
            in->flags |= SI_NOFALL;
        if (in->target)
            code->edges[code->nedges++] =
                (struct scan_edge){in->target, i, (in->flags & SI_CALL) != 0};
    }
    qsort(code->edges, code->nedges, sizeof(*code->edges), cmp_edge);
    for (size_t i = 0; i < code->nedges; i++) {
        size_t k = scan_insn_index(code, code->edges[i].target);
        if (k != SIZE_MAX)
            code->insns[k].flags |= SI_TARGET;
    }
    for (size_t i = 0; i < img->nsyms; i++) {
        size_t k = scan_insn_index(code, img->syms[i].addr);
        if (k != SIZE_MAX)
            code->insns[k].flags |= SI_SYMBOL;
    }
    return 0;
}

int scan_code_build(struct scan_code *code, const struct scan_image *img,
                    char *why)
{
    struct ivec iv = {0};
    uint64_t total = 0;
    memset(code, 0, sizeof(*code));
    code->img = img;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &code->cs) != CS_ERR_OK)
        return WHY("capstone: cannot open x86-64 disassembler");
    cs_option(code->cs, CS_OPT_DETAIL, CS_OPT_ON);
    cs_option(code->cs, CS_OPT_SKIPDATA, CS_OPT_ON);
    code->ci = cs_malloc(code->cs);
    if (!code->ci)
        return WHY("out of memory");
    for (size_t i = 0; i < img->nranges; i++)
        total += img->ranges[i].size;
    if (total > MAX_CODE)
        return WHY("too much code: %llu MiB (at most %u)",
                   (unsigned long long)(total >> 20), MAX_CODE >> 20);
    code->budget = RECOVER_BUDGET;
    for (size_t i = 0; i < img->nranges; i++) {
        if (sweep_range(code, &iv, &img->ranges[i])) {
            free(iv.v);
            return WHY("out of memory");
        }
    }
    code->insns = iv.v;
    code->ninsns = iv.n;
    if (recover(code) || edges_and_flags(code))
        return WHY("out of memory");
    size_t sites = 0;
    for (size_t i = 0; i < code->ninsns; i++)
        sites += (code->insns[i].flags & SI_SYSCALL) != 0;
    if (sites > MAX_SITES)
        return WHY("too many syscall instructions: %zu", sites);
    return 0;
}

void scan_code_free(struct scan_code *code)
{
    if (code->ci)
        cs_free(code->ci, 1);
    if (code->cs)
        cs_close(&code->cs);
    free(code->insns);
    free(code->edges);
    memset(code, 0, sizeof(*code));
}

const cs_insn *scan_decode(struct scan_code *code, size_t i)
{
    const struct scan_insn *in = &code->insns[i];
    const struct scan_range *r = scan_range_at(code->img, in->addr);
    if ((in->flags & SI_DATA) || !r || !decode_at(code, r, in->addr) ||
        !code->ci->detail || code->ci->id == X86_INS_INVALID)
        return NULL;
    return code->ci;
}

size_t scan_edges_to(const struct scan_code *code, uint64_t target,
                     size_t *first)
{
    size_t lo = 0, hi = code->nedges, n = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (code->edges[mid].target < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (lo + n < code->nedges && code->edges[lo + n].target == target)
        n++;
    return n;
}
