/* SPDX-License-Identifier: MIT */
/*
 * A corpus of small ELF images built in code: one valid static executable
 * (it runs: exit(0)) and many variants, each broken in one way.
 */
#ifndef UK_TESTS_BAD_ELFS_H
#define UK_TESTS_BAD_ELFS_H

#include "loader/elf.h"

#define BAD_ELF_MAX 0x4000

struct bad_elf_img {
    _Alignas(8) uint8_t buf[BAD_ELF_MAX];
    uint64_t size;
};

struct bad_elf_case {
    const char *name;
    const char *why; /* expected reason, or NULL if elf_parse must succeed */
    void (*make)(struct bad_elf_img *m);
};

extern const struct bad_elf_case bad_elf_cases[];
extern const int bad_elf_ncases;

/* Fill *m with the valid base image: PT_PHDR, R, RX and RW loads at
 * 0x400000, 0x401000, 0x402000 (bss to 0x405000), PT_GNU_STACK RW. */
void bad_elf_base(struct bad_elf_img *m);

/* Accessors into m->buf (the header and the i-th program header). */
struct elf_ehdr *bad_elf_eh(struct bad_elf_img *m);
struct elf_phdr *bad_elf_ph(struct bad_elf_img *m, int i);

#endif
