/* SPDX-License-Identifier: MIT */
/*
 * The benchmark floor under QEMU: a PVH kernel whose 32-bit entry writes
 * 0 to isa-debug-exit at once (QEMU exits with status 1).  Top-level
 * assembly in a C file, so the port number comes from include/abi.h.
 */
#include "abi.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18 /* Xen's number, in its ELF note */
#define STR_(x) #x
#define STR(x) STR_(x)

/* clang-format off */
__asm__(".pushsection .text, \"ax\"\n"
        ".code32\n"
        ".globl pvh_start\n"
        "pvh_start:\n"
        "    xorl %eax, %eax\n"
        "    movw $" STR(UK_DEBUG_EXIT_PORT) ", %dx\n"
        "    outl %eax, %dx\n"
        "1:  hlt\n"
        "    jmp 1b\n"
        ".code64\n"
        ".popsection\n"
        ".pushsection .note.Xen, \"a\", @note\n"
        ".balign 4\n"
        "    .long 4\n" /* name size: "Xen\0" */
        "    .long 4\n" /* descriptor size */
        "    .long " STR(XEN_ELFNOTE_PHYS32_ENTRY) "\n"
        "    .asciz \"Xen\"\n"
        ".balign 4\n"
        "    .long pvh_start\n"
        ".popsection\n");
/* clang-format on */
