/* SPDX-License-Identifier: MIT */
/* Between the files of mm/ only. */
#ifndef UK_MM_INTERNAL_H
#define UK_MM_INTERNAL_H

#include <stdint.h>

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_U 0x4ULL
#define PTE_PS 0x80ULL
#define PTE_G 0x100ULL
#define PTE_OWNED 0x200ULL  /* software: the frame is ours to free */
#define PTE_SHARED 0x400ULL /* software: a file's page, writable in place */
#define PTE_DOOMED 0x800ULL /* software: unmapped, freed after a shootdown */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

void frame_init(uint64_t lo, uint64_t hi, uint64_t ram_end);
void frame_relocate(void);
void heap_init(uint64_t ram_end);
/* Kernel page tables: direct map and kernel image; loads CR3. */
void paging_init(uint64_t ram_end);

/* The PTE of user address va, creating tables when create is set; NULL if
 * absent (or out of memory when creating). */
uint64_t *pt_pte(uint64_t va, int create);
/* Map user page va to frame pa with PROT_* bits prot and MM_PAGE_* kind;
 * 0 or -ENOMEM. */
int pt_map(uint64_t va, uint64_t pa, int prot, int kind);
/* Map n pages from va to consecutive frames from pa. 0 or -ENOMEM. */
int pt_map_range(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind);
/* Unmap [start, end) of user space, freeing owned frames. */
void pt_unmap_range(uint64_t start, uint64_t end);
/* Change the protection of the mapped pages in [start, end). */
void pt_protect_range(uint64_t start, uint64_t end, int prot);
/* Move the mappings of [from, from+len) to [to, to+len), without copying. */
int pt_move_range(uint64_t from, uint64_t to, uint64_t len);
/* A new set of page tables with the kernel's half and an empty user half;
 * NULL when memory is out.  pt_free_user frees the user half's tables
 * (their pages must be unmapped first), pt_free_root the top table. */
uint64_t *pt_new_root(void);
void pt_free_user(uint64_t *root);
void pt_free_root(uint64_t *root);
/* fork: map [start, end) of the current address space in to, whose
 * mapping there has VMA_* flags.  Private pages the process owns become
 * read-only on both sides, shared until one side writes (mm_fault);
 * anonymous shared ones stay writable in both; file and archive pages are
 * mapped as they are.  0 or -ENOMEM. */
struct mm_space;
int pt_copy_range(struct mm_space *to, uint64_t start, uint64_t end,
                  int flags);
/* PTE bits for PROT_* bits. */
uint64_t pt_prot_bits(int prot);

#endif
