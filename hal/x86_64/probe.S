/* SPDX-License-Identifier: MIT */
/*
 * The boot-time probe of the `syscall` instruction (syscall_probe.c).
 *  probe_run(rip, rsp, rsp0_slot)  enter ring 3 at rip, with the TSS's
 *          ring-0 stack pointed below this frame; returns the outcome
 *  probe_entry   LSTAR during the probe: reached in ring 0 when `syscall`
 *          changes privilege, as on hardware: outcome 1
 *  probe_resume(outcome)  the trap handler's way back, when `syscall`
 *          faulted instead (outcome 2) or something else happened
 */
#include "hal/x86_64/regs.h"

    .text
    .globl probe_run
probe_run:
    PUSH_CALLEE_SAVED
    mov %rsp, saved_rsp(%rip)
    lea -64(%rsp), %rax
    and $-16, %rax
    mov %rax, (%rdx)            /* traps from ring 3 land below us */
    push $USER_DS
    push %rsi
    push $0x2                   /* IF=0 */
    push $USER_CS
    push %rdi
    swapgs                      /* as on the way to any program */
    iretq

    .globl probe_entry
probe_entry:
    swapgs
    mov $1, %edi
    /* the trap path has done its own swapgs */
    .globl probe_resume
probe_resume:
    mov saved_rsp(%rip), %rsp
    mov $KERNEL_DS, %eax
    mov %eax, %ss
    mov %edi, %eax
    POP_CALLEE_SAVED
    ret

    .bss
    .balign 8
saved_rsp: .quad 0
