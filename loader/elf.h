/* SPDX-License-Identifier: MIT */
/*
 * ELF64 validation and load planning.  Pure C with no kernel state: the same
 * file builds into the guest kernel, the host unit tests and the fuzzer.
 */
#ifndef UK_LOADER_ELF_H
#define UK_LOADER_ELF_H

#include "kernel/kernel.h"

/* The on-disk structures (little-endian, read with memcpy: no alignment). */
struct elf_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define ELF_EI_CLASS 4
#define ELF_EI_DATA 5
#define ELF_EI_VERSION 6
#define ELF_CLASS32 1
#define ELF_CLASS64 2
#define ELF_DATA2LSB 1
#define ELF_DATA2MSB 2
#define ELF_EV_CURRENT 1
#define ELF_ET_REL 1
#define ELF_ET_EXEC 2
#define ELF_ET_DYN 3
#define ELF_ET_CORE 4
#define ELF_EM_X86_64 62

#define ELF_PT_NULL 0
#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP 3
#define ELF_PT_NOTE 4
#define ELF_PT_PHDR 6
#define ELF_PT_TLS 7
#define ELF_PT_GNU_STACK 0x6474e551u

#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

#define ELF_MAX_SEGS 16
#define ELF_USER_END 0x800000000000ULL /* first address above the user half */
#define ELF_MIN_VADDR 0x10000ULL       /* lowest ET_EXEC address, as Linux */
#define ELF_MAX_SPAN (1ULL << 40)      /* largest lo..hi span accepted */
#define ELF_MAX_ALIGN (1ULL << 30)     /* larger p_align values are ignored */

/* One PT_LOAD with memsz > 0. */
struct elf_seg {
    uint64_t vaddr, memsz, offset, filesz;
    uint32_t prot; /* 1 R, 2 W, 4 X, like PROT_* */
};

struct elf_info {
    uint64_t entry;      /* e_entry, unbiased */
    uint64_t phdr_vaddr; /* the program headers in memory, unbiased, as
                            AT_PHDR wants them; 0 if no PT_LOAD holds them */
    uint16_t phnum, phentsize;
    int is_pie;      /* ET_DYN */
    uint64_t lo, hi; /* page-aligned span of all PT_LOAD, unbiased */
    uint64_t align;  /* largest power-of-two p_align, >= PAGE_SIZE: a PIE
                        bias must be a multiple of it */
    int nsegs;
    struct elf_seg segs[ELF_MAX_SEGS]; /* sorted by vaddr */
    int has_interp;
    char interp[256];   /* PT_INTERP path if present, NUL-terminated */
    int exec_stack;     /* PT_GNU_STACK has PF_X */
    uint64_t tls_memsz; /* informational */
};

/*
 * Validate a whole ELF image in memory and describe how to load it.
 * Returns 0, or -ENOEXEC with *why set to a short static English reason
 * ("not an ELF file", "truncated ELF", "overlapping segments", ...).  Never
 * reads outside [image, image + size), whatever the bytes.  A PT_INTERP
 * binary that is otherwise valid gets the whole *out filled in, has_interp
 * set, and -ENOEXEC with "dynamically linked: needs its interpreter";
 * on any other failure *out is all zero.
 * Segments never overlap in bytes, but two may share one page (Linux gives
 * it the later one's prot; the union of both is the safe choice).  For a
 * segment with filesz > 0, vaddr and offset are congruent modulo PAGE_SIZE,
 * so file pages can be mapped directly.  why may be NULL; *why is "" on
 * success.
 */
int elf_parse(const void *image, uint64_t size, struct elf_info *out,
              const char **why);
/* The same from the first avail bytes of a file of size bytes, for a
 * file not in memory: what elf_parse says, or ELF_HEAD_SHORT (nothing
 * said yet) when the headers or the interpreter's path lie further on. */
#define ELF_HEAD_SHORT 1
int elf_parse_head(const void *head, uint64_t avail, uint64_t size,
                   struct elf_info *out, const char **why);

#endif
