/* SPDX-License-Identifier: MIT */
/*
 * What one instruction does to the value the walk is tracking.  The walk in
 * resolve.c goes backwards from a syscall; it tracks where the number lives
 * (a register family, or the top of the stack after a pop) and the
 * operations applied to it on the way (add, and, or, ...), until an
 * instruction defines it from a constant.
 */
#ifndef SCAN_STEP_H
#define SCAN_STEP_H

#include "tools/scan/scan.h"

/* Register families: 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi,
 * 7 rdi, 8..15 r8..r15; SCAN_STACK is the qword at [rsp]. */
#define SCAN_RAX 0
#define SCAN_RCX 1
#define SCAN_RDX 2
#define SCAN_RBX 3
#define SCAN_RSP 4
#define SCAN_RSI 6
#define SCAN_RDI 7
#define SCAN_R11 11
#define SCAN_STACK 16
#define SCAN_MAXOPS 8

struct scan_op {
    uint8_t kind; /* OP_* in step.c */
    uint8_t width;
    uint64_t imm;
    uint64_t mask;
};

/* value = ops[nops-1] applied first ... ops[0] last, to the value that
 * reg holds at the current point of the walk. */
struct scan_track {
    int reg;
    int nops;
    int arith;      /* an op that mixes bits (add, neg, sext) is in ops */
    uint64_t known; /* bits of the result fixed by bitwise ops alone */
    struct scan_op ops[SCAN_MAXOPS];
};

enum scan_step {
    STEP_PASS, /* the instruction leaves the value alone, or t was updated */
    STEP_DEF,  /* the value is *val */
    STEP_FORK, /* two possible sources: t and *fork (cmov) */
    STEP_FAIL, /* cannot follow: reason in why */
};

/* Calls preserve rbx, rbp and r12-r15 (the SysV ABI; not Go's). */
#define STEP_SYSV 1

/* Apply instruction in (decoded with detail) backwards to t; flags are
 * STEP_SYSV or 0. */
enum scan_step scan_step(csh cs, const cs_insn *in, struct scan_track *t,
                         struct scan_track *fork, uint32_t *val, char *why,
                         int flags);

/* Name of a register family ("rax"), or "the stack". */
const char *scan_reg_name(int reg);

#endif
