/* SPDX-License-Identifier: MIT */
/*
 * 64-bit entries and the way between ring 3 and ring 0.
 *  _start64     the monitor's entry: long mode, %rdi = struct uk_boot_info
 *  pvh_start64  from pvh.S: %rdi = hvm_start_info
 *  syscall_entry  LSTAR target; returns with iretq, never sysretq, which
 *               faults on some hypervisors (README: platform notes)
 *  trap_stubs   the IDT's 256 entries
 *  hal_switch   from one task's kernel stack to another's
 * In the kernel, GS is this CPU's struct hal_cpu; swapgs trades it for the
 * program's on every crossing.
 */
#include "hal/x86_64/regs.h"
#include "hal/hal.h"
#include "hal/x86_64/percpu.h"

    .text
    .globl _start64
_start64:
    lea kstack_top(%rip), %rsp
    xor %ebp, %ebp
    call hal_boot_monitor
    ud2

    .globl pvh_start64
pvh_start64:
    lea kstack_top(%rip), %rsp
    xor %ebp, %ebp
    call hal_boot_pvh
    ud2

/* An application processor, in long mode on some page tables that map
 * the kernel image: %rdi = its number, %rsi = the kernel's page tables,
 * %rdx = its stack (from smp.c, through trampoline.S or the monitor). */
    .globl ap_start64
ap_start64:
    mov %rsi, %cr3
    mov %rdx, %rsp
    xor %ebp, %ebp
    call hal_ap_main
    ud2

/* Save the general registers below an iret frame + vector + error code. */
.macro SAVE_REGS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro RESTORE_REGS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

    .globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:PCPU_SCRATCH
    mov %gs:PCPU_KSTACK, %rsp
    push $USER_DS               /* iret frame */
    push %gs:PCPU_SCRATCH
    push %r11                   /* rflags */
    push $USER_CS
    push %rcx                   /* rip */
    /* The short path (hal_fast_syscalls).  It keeps only what a C
     * function may clobber: the argument registers, and rcx and r11 as
     * `syscall` left them (rip and rflags; the seven pushes keep the
     * call 16-byte aligned).  A return rip past user space (bit 47) goes
     * the long way, to return_checked. */
    mov %eax, %r11d
    cmp $HAL_FAST_NR, %r11d
    jae 1f
    mov hal_fast_syscalls(,%r11,8), %r11
    test %r11, %r11
    jz 1f
    bt $47, %rcx
    jc 1f
    push %rcx
    push %rdi
    push %rsi
    push %rdx
    push %r8
    push %r9
    push %r10
    mov %r10, %rcx
    call *%r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rcx
    mov 16(%rsp), %r11
    swapgs
    iretq
1:  mov 16(%rsp), %r11
    push $0                     /* error code */
    push %rax                   /* vector slot: the syscall number */
    SAVE_REGS
    mov %rsp, %rdi
    call kernel_syscall
return_checked:
    /* iretq to a non-canonical rip would fault in ring 0; Linux checks the
     * same before sysret. */
    movabs $USER_TOP, %rax
    cmp %rax, REGS_RIP(%rsp)
    jae bad_return
    /* fall through */

/* Back to ring 3 with the struct regs at %rsp. */
    .globl hal_return_user
hal_return_user:
    RESTORE_REGS
    add $16, %rsp
    swapgs
    iretq

bad_return:
    mov %rsp, %rdi
    call hal_bad_return

/* Exception stubs: push a zero error code when the CPU does not. */
.macro TRAP n, err
    .balign 16
    .if \err == 0
    push $0
    .endif
    push $\n
    jmp trap_common
.endm

    .section .text.trap_stubs, "ax"
    .balign 4096 /* 256 stubs of 16 bytes: one page, at TRAP_STUBS_VA */
    .globl trap_stubs
trap_stubs:
    TRAP 0,0;  TRAP 1,0;  TRAP 2,0;  TRAP 3,0;  TRAP 4,0;  TRAP 5,0
    TRAP 6,0;  TRAP 7,0;  TRAP 8,1;  TRAP 9,0;  TRAP 10,1; TRAP 11,1
    TRAP 12,1; TRAP 13,1; TRAP 14,1; TRAP 15,0; TRAP 16,0; TRAP 17,1
    TRAP 18,0; TRAP 19,0; TRAP 20,0; TRAP 21,1; TRAP 22,0; TRAP 23,0
    TRAP 24,0; TRAP 25,0; TRAP 26,0; TRAP 27,0; TRAP 28,0; TRAP 29,1
    TRAP 30,1; TRAP 31,0
    /* Interrupts: vectors 32-255, 16 bytes apart like the traps. */
    .set vec, 32
    .rept 224
    TRAP vec,0
    .set vec, vec + 1
    .endr

    .text
trap_common:
    cld
    SAVE_REGS
    testb $3, REGS_CS(%rsp)
    jz 1f
    swapgs
1:  mov %rsp, %rdi
    call trap_handler
    testb $3, REGS_CS(%rsp)
    jnz hal_return_user
    RESTORE_REGS
    add $16, %rsp
    iretq

/* void hal_switch(uint64_t *save_ksp, uint64_t ksp): save this task's
 * kernel stack pointer, continue on another's. */
    .globl hal_switch
hal_switch:
    PUSH_CALLEE_SAVED
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    POP_CALLEE_SAVED
    ret

/* A new task's first switch lands here, with its struct regs at %rsp. */
    .globl hal_task_entry
hal_task_entry:
    mov %rsp, %rdi
    call kernel_task_start
    jmp return_checked

    .bss
    .balign 16
    .globl kstack_top
kstack: .skip KSTACK_SIZE
kstack_top:
