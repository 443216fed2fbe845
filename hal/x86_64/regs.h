/* SPDX-License-Identifier: MIT */
/* Segment selectors, the trap frame and stack sizes (asm and C). */
#ifndef UK_X86_REGS_H
#define UK_X86_REGS_H

/* Linux's x86-64 selectors, which programs see (mov %cs, sigcontext). */
#define KERNEL_CS 0x10
#define KERNEL_DS 0x18
#define USER_DS 0x2b /* GDT slot 5, RPL 3: syscall's STAR layout */
#define USER_CS 0x33 /* GDT slot 6, RPL 3 */
#define TSS_SEL 0x40
#define USER_RFLAGS 0x202 /* IF: interrupts reach the kernel from ring 3 */
#define KSTACK_SIZE 32768
#define REGS_RIP 136 /* offset of rip in struct regs */
#define REGS_CS 144  /* and of cs */
#define USER_TOP 0x7ffffffff000 /* mm.h's MM_USER_TOP: where rip may not go */

#ifdef __ASSEMBLY__
/* The registers C code preserves across a call (System V ABI): what a
 * switch of kernel stacks saves and restores (entry.S, probe.S). */
.macro PUSH_CALLEE_SAVED
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
.endm
.macro POP_CALLEE_SAVED
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
.endm
#else
#include <stdint.h>

/* What entry.S saves: general registers, vector (the syscall number for
 * syscalls), error code, then the CPU's iret frame. */
struct regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};
#endif

#endif

