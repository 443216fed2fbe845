/* SPDX-License-Identifier: MIT */
/*
 * The firmware ./run gives QEMU (-bios): from the reset vector straight to
 * the kernel's PVH entry, in a few hundred instructions where QEMU's
 * default (qboot) takes about 4,800.  QEMU has already loaded the kernel's
 * ELF segments into RAM; through fw_cfg's DMA interface this copies the
 * boot archive (initrd) and the command line into RAM, reads the entry
 * point and the RAM size, writes the hvm_start_info the PVH boot ABI
 * describes (one module, a two-range memory map), and jumps to the entry
 * in 32-bit protected mode with paging off and %ebx at the start info.
 * Nothing else: no interrupts, tables or devices; the kernel sets up its
 * own.  Linked at the top of the 4 GiB space (firmware.ld), 64 KiB.
 */
#define FW_CFG_DMA 0x518           /* the DMA address port, low half */
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_INITRD_ADDR 0x0a
#define FW_CFG_INITRD_SIZE 0x0b
#define FW_CFG_KERNEL_ENTRY 0x10
#define FW_CFG_INITRD_DATA 0x12
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define DMA_READ_SELECT 0x0a       /* FW_CFG_DMA_CTL_READ | _SELECT */

/* Low RAM this uses: the DMA descriptor and the values read, then the
 * start info, its module entry and memory map, and the command line. */
#define DMA_DESC 0x7000            /* control, length, address (big-endian) */
#define VALUES 0x7100              /* ram size (8), initrd addr, size, entry,
                                      cmdline size (4 each) */
#define START_INFO 0x7200
#define MODLIST 0x7240
#define MEMMAP 0x7260
#define CMDLINE 0x8000
#define CMDLINE_MAX 0x2000         /* UK_CMDLINE_MAX */
#define HVM_START_MAGIC 0x336ec578

    .section .text, "ax"
    .code32
/* DMA key into [dest, dest + len): the descriptor's fields are big-endian,
 * and so is the descriptor's address written to the port. */
.macro fwcfg key, dest, len
    mov $(\key << 16 | DMA_READ_SELECT), %eax
    bswap %eax
    mov %eax, DMA_DESC
    mov \len, %eax
    bswap %eax
    mov %eax, DMA_DESC + 4
    movl $0, DMA_DESC + 8
    mov \dest, %eax
    bswap %eax
    mov %eax, DMA_DESC + 12
    mov $DMA_DESC, %eax
    bswap %eax
    mov $FW_CFG_DMA, %dx
    outl %eax, %dx /* QEMU copies before the next instruction */
.endm

fw_base:
start32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    fwcfg FW_CFG_RAM_SIZE, $VALUES, $8
    fwcfg FW_CFG_INITRD_ADDR, $(VALUES + 8), $4
    fwcfg FW_CFG_INITRD_SIZE, $(VALUES + 12), $4
    fwcfg FW_CFG_KERNEL_ENTRY, $(VALUES + 16), $4
    fwcfg FW_CFG_CMDLINE_SIZE, $(VALUES + 20), $4
    fwcfg FW_CFG_INITRD_DATA, VALUES + 8, VALUES + 12
    mov VALUES + 20, %ecx
    cmp $CMDLINE_MAX, %ecx
    jbe 1f
    mov $CMDLINE_MAX, %ecx
1:  fwcfg FW_CFG_CMDLINE_DATA, $CMDLINE, %ecx
    movb $0, CMDLINE + CMDLINE_MAX - 1

    /* hvm_start_info, version 1 */
    movl $HVM_START_MAGIC, START_INFO
    movl $1, START_INFO + 4             /* version */
    movl $0, START_INFO + 8             /* flags */
    xor %eax, %eax                      /* nr_modules: 1 with an archive */
    cmpl $0, VALUES + 12
    setne %al
    mov %eax, START_INFO + 12
    movl $MODLIST, START_INFO + 16
    movl $0, START_INFO + 20
    movl $CMDLINE, START_INFO + 24
    movl $0, START_INFO + 28
    movl $0, START_INFO + 32            /* rsdp_paddr */
    movl $0, START_INFO + 36
    movl $MEMMAP, START_INFO + 40
    movl $0, START_INFO + 44
    movl $2, START_INFO + 48            /* memmap_entries */
    movl $0, START_INFO + 52
    /* the module: the boot archive */
    mov VALUES + 8, %eax
    mov %eax, MODLIST
    movl $0, MODLIST + 4
    mov VALUES + 12, %eax
    mov %eax, MODLIST + 8
    movl $0, MODLIST + 12
    movl $0, MODLIST + 16
    movl $0, MODLIST + 20
    /* RAM: [0, 640 KiB) and [1 MiB, ram size), type 1 */
    movl $0, MEMMAP
    movl $0, MEMMAP + 4
    movl $0xa0000, MEMMAP + 8
    movl $0, MEMMAP + 12
    movl $1, MEMMAP + 16
    movl $0, MEMMAP + 20
    movl $0x100000, MEMMAP + 24
    movl $0, MEMMAP + 28
    mov VALUES, %eax
    sub $0x100000, %eax
    mov %eax, MEMMAP + 32
    mov VALUES + 4, %eax
    sbb $0, %eax
    mov %eax, MEMMAP + 36
    movl $1, MEMMAP + 40
    movl $0, MEMMAP + 44
    mov $START_INFO, %ebx
    jmp *VALUES + 16

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff            /* 0x08: 32-bit code, flat */
    .quad 0x00cf92000000ffff            /* 0x10: data, flat */
gdt_desc:
    .word gdt_desc - gdt - 1
    .long gdt

    .code16
start16:
    cli
    cld
    lgdtl %cs:(gdt_desc - fw_base)
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x08, $start32

    .section .reset, "ax"
    .code16
    jmp start16
    .balign 16, 0
