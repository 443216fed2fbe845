/* SPDX-License-Identifier: MIT */
/*
 * One instruction, backwards: does it define the tracked value, move it
 * from another register, transform it, or make it unknowable?  Only the
 * low 32 bits matter (Linux reads the number from eax), so every
 * transform is computed modulo 2^64 and truncated at the end; the ones
 * supported (add, and, or, xor, neg, not, zero/sign extension, bit
 * inserts of partial moves) all have low bits that depend only on low
 * bits.  Anything else fails with a reason rather than a guess.
 */
#include <string.h>

#include "tools/scan/step.h"

enum { OP_ADD, OP_AND, OP_OR, OP_XOR, OP_INS, OP_NEG, OP_SEXT };

static const char *const reg_names[] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

const char *scan_reg_name(int reg)
{
    return reg >= 0 && reg < 16 ? reg_names[reg] : "the stack";
}

/* Family of a general-purpose register, with the bit offset and byte width
 * of the part named; -1 for other registers. */
static int reg_family(unsigned r, int *shift, int *width)
{
    static const unsigned q[16] = {
        X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX,
        X86_REG_RSP, X86_REG_RBP, X86_REG_RSI, X86_REG_RDI,
        X86_REG_R8,  X86_REG_R9,  X86_REG_R10, X86_REG_R11,
        X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15,
    };
    static const unsigned d[16] = {
        X86_REG_EAX,  X86_REG_ECX,  X86_REG_EDX,  X86_REG_EBX,
        X86_REG_ESP,  X86_REG_EBP,  X86_REG_ESI,  X86_REG_EDI,
        X86_REG_R8D,  X86_REG_R9D,  X86_REG_R10D, X86_REG_R11D,
        X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D,
    };
    static const unsigned w[16] = {
        X86_REG_AX,   X86_REG_CX,   X86_REG_DX,   X86_REG_BX,
        X86_REG_SP,   X86_REG_BP,   X86_REG_SI,   X86_REG_DI,
        X86_REG_R8W,  X86_REG_R9W,  X86_REG_R10W, X86_REG_R11W,
        X86_REG_R12W, X86_REG_R13W, X86_REG_R14W, X86_REG_R15W,
    };
    static const unsigned b[16] = {
        X86_REG_AL,   X86_REG_CL,   X86_REG_DL,   X86_REG_BL,
        X86_REG_SPL,  X86_REG_BPL,  X86_REG_SIL,  X86_REG_DIL,
        X86_REG_R8B,  X86_REG_R9B,  X86_REG_R10B, X86_REG_R11B,
        X86_REG_R12B, X86_REG_R13B, X86_REG_R14B, X86_REG_R15B,
    };
    static const unsigned h[4] = {X86_REG_AH, X86_REG_CH, X86_REG_DH,
                                  X86_REG_BH};
    *shift = 0;
    for (int i = 0; i < 16; i++) {
        if (r == q[i] || r == d[i] || r == w[i] || r == b[i]) {
            *width = r == q[i] ? 8 : r == d[i] ? 4 : r == w[i] ? 2 : 1;
            return i;
        }
    }
    for (int i = 0; i < 4; i++) {
        if (r == h[i]) {
            *shift = 8;
            *width = 1;
            return i;
        }
    }
    return -1;
}

static uint32_t track_eval(const struct scan_track *t, uint64_t v)
{
    for (int i = t->nops - 1; i >= 0; i--) {
        const struct scan_op *o = &t->ops[i];
        switch (o->kind) {
        case OP_ADD:
            v += o->imm;
            break;
        case OP_AND:
            v &= o->imm;
            break;
        case OP_OR:
            v |= o->imm;
            break;
        case OP_XOR:
            v ^= o->imm;
            break;
        case OP_INS:
            v = (v & ~o->mask) | (o->imm & o->mask);
            break;
        case OP_NEG:
            v = -v;
            break;
        case OP_SEXT: {
            uint64_t sign = 1ULL << (o->width - 1);
            v &= (sign << 1) - 1;
            v = (v ^ sign) - sign;
            break;
        }
        }
    }
    return (uint32_t)v;
}

/* Record an earlier (in program order) transform; DEF when bitwise
 * transforms alone already fix all 32 bits of the result. */
static enum scan_step push_op(struct scan_track *t, int kind, uint64_t imm,
                              uint64_t mask, int width, uint32_t *val,
                              char *why)
{
    if (t->nops == SCAN_MAXOPS) {
        strcpy(why, "too many transforms of the number");
        return STEP_FAIL;
    }
    t->ops[t->nops++] = (struct scan_op){kind, (uint8_t)width, imm, mask};
    if (kind == OP_ADD || kind == OP_NEG || kind == OP_SEXT)
        t->arith = 1;
    if (!t->arith) {
        if (kind == OP_AND)
            t->known |= ~imm;
        else if (kind == OP_OR)
            t->known |= imm;
        else if (kind == OP_INS)
            t->known |= mask;
        if ((t->known & 0xffffffffULL) == 0xffffffffULL) {
            *val = track_eval(t, 0);
            return STEP_DEF;
        }
    }
    return STEP_PASS;
}

static enum scan_step def(const struct scan_track *t, uint64_t v, uint32_t *val)
{
    *val = track_eval(t, v);
    return STEP_DEF;
}

static enum scan_step fail(char *why, const char *what, const char *reg,
                           const cs_insn *in)
{
    snprintf(why, SCAN_WHY, "%s %s %s", reg, what, in->mnemonic);
    return STEP_FAIL;
}

/* The qword at [rsp] after a pop: only the push right before can set it. */
static enum scan_step stack_step(csh cs, const cs_insn *in,
                                 struct scan_track *t, uint32_t *val, char *why)
{
    const cs_x86 *x = &in->detail->x86;
    int sh, w, f;
    if (in->id == X86_INS_PUSH && x->op_count == 1) {
        if (x->operands[0].type == X86_OP_IMM)
            return def(t, (uint64_t)x->operands[0].imm, val);
        f = x->operands[0].type == X86_OP_REG
                ? reg_family(x->operands[0].reg, &sh, &w)
                : -1;
        if (f >= 0 && w == 8) {
            t->reg = f;
            return STEP_PASS;
        }
        strcpy(why, "popped value pushed from memory");
        return STEP_FAIL;
    }
    cs_regs rd, wr;
    uint8_t nrd, nwr;
    int bad = cs_regs_access(cs, in, rd, &nrd, wr, &nwr) != CS_ERR_OK ||
              in->id == X86_INS_CALL || in->id == X86_INS_LCALL;
    for (int i = 0; i < nwr; i++)
        if (reg_family(wr[i], &sh, &w) == SCAN_RSP)
            bad = 1;
    for (int i = 0; i < x->op_count; i++)
        if (x->operands[i].type == X86_OP_MEM &&
            (x->operands[i].access & CS_AC_WRITE))
            bad = 1;
    if (bad)
        return fail(why, "value lost at", "popped", in);
    return STEP_PASS;
}

/* Instructions that write registers Capstone does not list: a STEP_*
 * result, or -1 for the others. */
static int implicit(const cs_insn *in, const struct scan_track *t, char *why,
                    int flags)
{
    const char *r = scan_reg_name(t->reg);
    int saved = t->reg == SCAN_RBX || t->reg == 5 || t->reg >= 12;
    switch (in->id) {
    case X86_INS_CALL:
        if ((flags & STEP_SYSV) && saved)
            return STEP_PASS;
        return fail(why, "clobbered by", r, in);
    case X86_INS_LCALL:
        return fail(why, "clobbered by", r, in);
    case X86_INS_SYSCALL:
        if (t->reg == SCAN_RAX || t->reg == SCAN_RCX || t->reg == SCAN_R11)
            return fail(why, "set by an earlier", r, in);
        return STEP_PASS;
    case X86_INS_SYSENTER:
    case X86_INS_INT:
    case X86_INS_INTO:
    case X86_INS_INT1:
    case X86_INS_VMCALL:
    case X86_INS_VMMCALL:
    case X86_INS_CMPXCHG:
    case X86_INS_XLATB:
        return t->reg == SCAN_RAX ? fail(why, "set by", r, in) : STEP_PASS;
    case X86_INS_CDQ:
    case X86_INS_CQO:
    case X86_INS_CWD:
        return t->reg == SCAN_RDX ? fail(why, "set by", r, in) : STEP_PASS;
    case X86_INS_CDQE:
        return STEP_PASS; /* eax is unchanged */
    }
    return -1;
}

/* The tracked register is written by in, whose first operand is that
 * register (family, bit shift sh, byte width w). */
static enum scan_step written(csh cs, const cs_insn *in, struct scan_track *t,
                              struct scan_track *fork, uint32_t *val, char *why,
                              int sh, int w)
{
    const cs_x86 *x = &in->detail->x86;
    const cs_x86_op *s = x->op_count >= 2 ? &x->operands[1] : NULL;
    const char *r = scan_reg_name(t->reg);
    uint64_t wmask = w >= 8 ? ~0ULL : ((1ULL << (8 * w)) - 1) << sh;
    int full = w >= 4, ssh = 0, sw = 0;
    int sf = s && s->type == X86_OP_REG ? reg_family(s->reg, &ssh, &sw) : -1;
    uint64_t imm = s && s->type == X86_OP_IMM ? (uint64_t)s->imm : 0;

    if (s && s->type == X86_OP_MEM && in->id != X86_INS_LEA)
        return fail(why, "loaded from memory by", r, in);
    switch (in->id) {
    case X86_INS_MOV:
    case X86_INS_MOVABS:
        if (s && s->type == X86_OP_IMM)
            return full ? def(t, imm, val)
                        : push_op(t, OP_INS, imm << sh, wmask, 0, val, why);
        if (sf >= 0 && full && sw >= 4) {
            t->reg = sf;
            return STEP_PASS;
        }
        break;
    case X86_INS_MOVZX:
    case X86_INS_MOVSX:
    case X86_INS_MOVSXD:
        if (sf < 0 || !full || ssh != 0)
            break;
        t->reg = sf;
        if (sw >= 4)
            return STEP_PASS;
        if (in->id == X86_INS_MOVZX)
            return push_op(t, OP_AND, (1ULL << (8 * sw)) - 1, 0, 0, val, why);
        return push_op(t, OP_SEXT, 0, 0, 8 * sw, val, why);
    case X86_INS_XOR:
    case X86_INS_SUB:
        if (sf == t->reg && ssh == sh && sw == w)
            return full ? def(t, 0, val)
                        : push_op(t, OP_INS, 0, wmask, 0, val, why);
        if (s && s->type == X86_OP_IMM && in->id == X86_INS_XOR)
            return push_op(t, OP_XOR, (imm << sh) & wmask, 0, 0, val, why);
        if (s && s->type == X86_OP_IMM && full)
            return push_op(t, OP_ADD, -imm, 0, 0, val, why);
        break;
    case X86_INS_ADD:
        if (s && s->type == X86_OP_IMM && full)
            return push_op(t, OP_ADD, imm, 0, 0, val, why);
        break;
    case X86_INS_INC:
    case X86_INS_DEC:
        if (full)
            return push_op(t, OP_ADD, in->id == X86_INS_INC ? 1 : -1ULL, 0, 0,
                           val, why);
        break;
    case X86_INS_NEG:
        if (full)
            return push_op(t, OP_NEG, 0, 0, 0, val, why);
        break;
    case X86_INS_NOT:
        return push_op(t, OP_XOR, wmask, 0, 0, val, why);
    case X86_INS_AND:
        if (s && s->type == X86_OP_IMM)
            return push_op(t, OP_AND, ((imm << sh) & wmask) | ~wmask, 0, 0, val,
                           why);
        break;
    case X86_INS_OR:
        if (s && s->type == X86_OP_IMM)
            return push_op(t, OP_OR, (imm << sh) & wmask, 0, 0, val, why);
        break;
    case X86_INS_LEA: {
        if (!full || !s || s->type != X86_OP_MEM)
            break;
        const x86_op_mem *m = &s->mem;
        int bsh, bw, base = -1;
        if (m->base == X86_REG_RIP && m->index == X86_REG_INVALID)
            return def(t, in->address + in->size + m->disp, val);
        if (m->base == X86_REG_INVALID && m->index == X86_REG_INVALID)
            return def(t, (uint64_t)m->disp, val);
        if (m->index == X86_REG_INVALID)
            base = reg_family(m->base, &bsh, &bw);
        else if (m->base == X86_REG_INVALID && m->scale == 1)
            base = reg_family(m->index, &bsh, &bw);
        if (base < 0)
            break;
        t->reg = base;
        return m->disp ? push_op(t, OP_ADD, (uint64_t)m->disp, 0, 0, val, why)
                       : STEP_PASS;
    }
    case X86_INS_XCHG: /* operands[0] is the tracked register */
        if (sf == t->reg)
            return STEP_PASS; /* xchg ax, ax is a nop */
        if (sf >= 0 && full && sw == w) {
            t->reg = sf;
            return STEP_PASS;
        }
        break;
    case X86_INS_POP:
        if (w == 8) {
            t->reg = SCAN_STACK;
            return STEP_PASS;
        }
        break;
    case X86_INS_CWDE:
        return push_op(t, OP_SEXT, 0, 0, 16, val, why);
    default:
        if (cs_insn_group(cs, in, X86_GRP_CMOV) && sf >= 0 && full) {
            *fork = *t;
            fork->reg = sf;
            return STEP_FORK;
        }
    }
    return fail(why, "set by", r, in);
}

enum scan_step scan_step(csh cs, const cs_insn *in, struct scan_track *t,
                         struct scan_track *fork, uint32_t *val, char *why,
                         int flags)
{
    const cs_x86 *x = &in->detail->x86;
    cs_regs rd, wr;
    uint8_t nrd, nwr;
    int sh = 0, w = 0, hit = 0;

    if (t->reg == SCAN_STACK)
        return stack_step(cs, in, t, val, why);
    int r = implicit(in, t, why, flags);
    if (r >= 0)
        return (enum scan_step)r;
    if (cs_regs_access(cs, in, rd, &nrd, wr, &nwr) != CS_ERR_OK)
        return fail(why, "unknown after", scan_reg_name(t->reg), in);
    for (int i = 0; i < nwr; i++) {
        int s, ww;
        if (reg_family(wr[i], &s, &ww) == t->reg)
            hit = 1;
    }
    if (!hit)
        return STEP_PASS;
    if (x->op_count >= 1 && x->operands[0].type == X86_OP_REG &&
        reg_family(x->operands[0].reg, &sh, &w) == t->reg)
        return written(cs, in, t, fork, val, why, sh, w);
    if (in->id == X86_INS_XCHG && x->op_count == 2 &&
        x->operands[1].type == X86_OP_REG &&
        reg_family(x->operands[1].reg, &sh, &w) == t->reg) {
        /* xchg reg, tracked: swap the operands' roles */
        cs_insn swapped = *in;
        cs_detail det = *in->detail;
        cs_x86_op tmp = det.x86.operands[0];
        det.x86.operands[0] = det.x86.operands[1];
        det.x86.operands[1] = tmp;
        swapped.detail = &det;
        return written(cs, &swapped, t, fork, val, why, sh, w);
    }
    return fail(why, "set by", scan_reg_name(t->reg), in);
}
