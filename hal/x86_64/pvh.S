/* SPDX-License-Identifier: MIT */
/*
 * QEMU's way in: the PVH note names pvh_start, which QEMU enters in 32-bit
 * protected mode with paging off and %ebx pointing to hvm_start_info.  We
 * build the same page tables the monitor builds (identity and high-half
 * mappings of the first GiB), switch to long mode and join the 64-bit path.
 */
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

    .section .note.Xen, "a"
    .balign 4
    .long 4, 4, 18          /* namesz, descsz, XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long pvh_start

    .section .boot.text, "ax"
    .code32
    .globl pvh_start, boot_pml4
pvh_start:
    cli
    cld
    mov %ebx, %esi
    /* [0, 1 GiB): one 1 GiB page where the CPU has them, else boot_pd's
     * 512 2 MiB pages (a loop of 2.5k instructions) */
    mov $0x80000001, %eax
    cpuid
    mov $(PTE_P | PTE_W | PTE_PS), %eax
    bt $26, %edx                               /* Page1GB */
    jc 2f
    mov $boot_pd, %edi
    mov $512, %ecx
1:  mov %eax, (%edi)
    add $0x200000, %eax
    add $8, %edi
    loop 1b
    mov $(boot_pd + PTE_P + PTE_W), %eax
2:  mov %eax, boot_pdpt
    mov %eax, boot_pdpt + 510 * 8
    movl $(boot_pdpt + PTE_P + PTE_W), boot_pml4
    movl $(boot_pdpt + PTE_P + PTE_W), boot_pml4 + 511 * 8
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $((1 << 5) | (1 << 9) | (1 << 10)), %eax   /* PAE, OSFXSR, OSXMMEXCPT */
    mov %eax, %cr4
    mov $0xc0000080, %ecx                        /* EFER: SCE, LME, NXE */
    rdmsr
    or $((1 << 0) | (1 << 8) | (1 << 11)), %eax
    wrmsr
    mov $0x80010033, %eax                        /* PG, WP, NE, ET, MP, PE */
    mov %eax, %cr0
    lgdt boot_gdtr
    ljmp $0x08, $1f
    .code64
1:  mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %esi, %edi
    movabs $pvh_start64, %rax
    jmp *%rax

    .section .boot.data, "a"
    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff    /* 0x10: data */
boot_gdtr:
    .word boot_gdtr - boot_gdt - 1
    .long boot_gdt

    .section .boot.bss, "aw", @nobits
    .balign 4096
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4096
