/* SPDX-License-Identifier: MIT */
/*
 * What must hold of every elf_info that elf_parse accepted (or filled in for
 * a PT_INTERP binary), whatever the input.  Shared by the unit test and the
 * fuzzer.  Returns NULL, or a description of the first broken promise.
 */
#ifndef UK_TESTS_FUZZ_ELF_CHECK_H
#define UK_TESTS_FUZZ_ELF_CHECK_H

#include "loader/elf.h"

static inline const char *fuzz_elf_check(uint64_t size,
                                         const struct elf_info *in)
{
    if (in->nsegs < 1 || in->nsegs > ELF_MAX_SEGS)
        return "nsegs out of range";
    for (int i = 0; i < in->nsegs; i++) {
        const struct elf_seg *s = &in->segs[i];
        if (s->memsz == 0 || s->filesz > s->memsz)
            return "bad seg sizes";
        if (s->filesz > size || s->offset > size - s->filesz)
            return "seg outside file";
        if (s->vaddr >= ELF_USER_END || s->memsz > ELF_USER_END - s->vaddr)
            return "seg outside user half";
        if (s->filesz && (s->vaddr - s->offset) % PAGE_SIZE)
            return "seg not congruent";
        if (s->prot & ~7u)
            return "bad prot";
        if (i > 0 && s->vaddr < in->segs[i - 1].vaddr + in->segs[i - 1].memsz)
            return "segs overlap or unsorted";
    }
    const struct elf_seg *last = &in->segs[in->nsegs - 1];
    if (in->lo != ALIGN_DOWN(in->segs[0].vaddr, PAGE_SIZE) ||
        in->hi != ALIGN_UP(last->vaddr + last->memsz, PAGE_SIZE))
        return "bad lo/hi";
    if (in->hi - in->lo > ELF_MAX_SPAN)
        return "span too large";
    if (!in->is_pie && in->lo < ELF_MIN_VADDR)
        return "ET_EXEC below minimum address";
    if (in->align < PAGE_SIZE || in->align > ELF_MAX_ALIGN ||
        (in->align & (in->align - 1)))
        return "bad align";
    int entry_ok = 0, phdr_ok = in->phdr_vaddr == 0;
    for (int i = 0; i < in->nsegs; i++) {
        const struct elf_seg *s = &in->segs[i];
        if (in->entry >= s->vaddr && in->entry - s->vaddr < s->memsz &&
            (s->prot & 4))
            entry_ok = 1;
        if (in->phdr_vaddr >= s->vaddr && in->phdr_vaddr - s->vaddr < s->memsz)
            phdr_ok = 1;
    }
    if (!entry_ok)
        return "entry not in an executable segment";
    if (!phdr_ok)
        return "phdr_vaddr not in a segment";
    if (in->phentsize != 56 || in->phnum == 0)
        return "bad phnum/phentsize";
    size_t n = 0;
    while (n < sizeof(in->interp) && in->interp[n])
        n++;
    if (n == sizeof(in->interp) || (in->has_interp != 0) != (n > 0))
        return "bad interp string";
    return NULL;
}

#endif
