/* SPDX-License-Identifier: MIT */
/*
 * Exceptions a program raises on purpose, one per run (tests/bins/trap.cases):
 * int3 and int $3 are SIGTRAP, int $4 and any other int N (N != 0x80) are
 * SIGSEGV, into is an invalid opcode in 64-bit mode (SIGILL), icebp is
 * SIGTRAP (not in trap.cases: QEMU's TCG does not raise #DB for it).
 * int $0x80 is left out: Linux runs it as a 32-bit syscall.  "entry-*" jumps into the kernel's syscall entry with a return
 * address of its choosing: SIGSEGV, never a syscall performed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's syscall entry (LSTAR), from argv[2]; natively any kernel
 * address does. */
static uint64_t entry = 0xffffffff80100000ULL;

static void jump_to_entry(uint64_t rcx)
{
    /* rax = 39 (getpid): if the kernel performed it and returned to rcx,
     * the program would continue at rcx. */
    __asm__ volatile("mov %0, %%rcx; mov $39, %%eax; mov $0x202, %%r11;"
                     "jmp *%1" ::"r"(rcx), "r"(entry) : "rax", "rcx", "r11");
}

static void after(void)
{
    printf("returned through the entry\n");
    exit(0);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "int3";
    if (argc > 2)
        entry = strtoull(argv[2], NULL, 16);
    printf("%s\n", what);
    fflush(stdout);
    if (!strcmp(what, "int3"))
        __asm__ volatile("int3");
    else if (!strcmp(what, "int3-long"))
        __asm__ volatile("int $3");
    else if (!strcmp(what, "int4"))
        __asm__ volatile("int $4");
    else if (!strcmp(what, "into"))
        __asm__ volatile(".byte 0xce");
    else if (!strcmp(what, "icebp"))
        __asm__ volatile(".byte 0xf1");
    else if (!strcmp(what, "int1"))
        __asm__ volatile("int $1");
    else if (!strcmp(what, "int13"))
        __asm__ volatile("int $13");
    else if (!strcmp(what, "int14"))
        __asm__ volatile("int $14");
    else if (!strcmp(what, "int32"))
        __asm__ volatile("int $32");
    else if (!strcmp(what, "int64"))
        __asm__ volatile("int $0x40");
    else if (!strcmp(what, "int255"))
        __asm__ volatile("int $0xff");
    else if (!strcmp(what, "entry-noncanonical"))
        jump_to_entry(0x8000000000000000ULL);
    else if (!strcmp(what, "entry-kernel"))
        jump_to_entry(entry);
    else if (!strcmp(what, "entry-user"))
        jump_to_entry((uint64_t)(uintptr_t)after);
    printf("still running\n");
    return 0;
}
