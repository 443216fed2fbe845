/* SPDX-License-Identifier: MIT */
/*
 * How an application processor gets from real mode to the kernel under
 * QEMU: smp.c copies this blob to a page below 1 MiB, fills in its
 * parameters and sends INIT and STARTUP.  The AP starts here in real mode
 * at CS:0 = that page, goes straight to long mode on the boot page tables
 * (the first GiB, identity and high), and jumps to ap_start64 in the
 * kernel, which switches to the kernel's tables and stack.
 */
#define T(x) ((x) - tramp_start)

    .section .rodata
    .globl tramp_start, tramp_end, tramp_gdtr, tramp_far, tramp_cr3, tramp_long
    .globl tramp_kcr3, tramp_stack, tramp_arg, tramp_gdt
    .code16
    .balign 16
tramp_start:
    cli
    mov %cs, %ax
    mov %ax, %ds
    lgdtl T(tramp_gdtr)
    mov %cr4, %eax
    or $((1 << 5) | (1 << 9) | (1 << 10)), %eax  /* PAE OSFXSR OSXMMEXCPT */
    mov %eax, %cr4
    mov T(tramp_cr3), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx                       /* EFER: SCE LME NXE */
    rdmsr
    or $((1 << 0) | (1 << 8) | (1 << 11)), %eax
    wrmsr
    mov $0x80010033, %eax                       /* PG WP NE ET MP PE */
    mov %eax, %cr0
    ljmpl *T(tramp_far)

    .code64
tramp_long:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    /* RIP-relative: the blob moved as one piece */
    mov tramp_arg(%rip), %rdi
    mov tramp_kcr3(%rip), %rsi
    mov tramp_stack(%rip), %rdx
    movabs $ap_start64, %rax
    jmp *%rax

    .balign 8
tramp_gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff    /* 0x10: data */
tramp_gdtr:
    .word 3 * 8 - 1
    .long 0                     /* base: filled in */
    .balign 8
tramp_far:
    .long 0                     /* offset: tramp_long, filled in */
    .word 0x08
    .balign 8
tramp_cr3:   .quad 0            /* boot page tables */
tramp_kcr3:  .quad 0            /* the kernel's */
tramp_stack: .quad 0
tramp_arg:   .quad 0
tramp_end:
