/* SPDX-License-Identifier: MIT */
/* ELF64 validation and load planning; see elf.h. */
#include "loader/elf.h"

#define PHDR_SIZE 56
#define MAX_PHDR_TABLE 4096 /* Linux refuses larger program header tables */

static const char no_interp[] =
    "dynamically linked: needs its interpreter";

static int fail(const char **why, const char *reason)
{
    *why = reason;
    return -ENOEXEC;
}

/* Is [off, off + len) inside a file of the given size?  Overflow-safe. */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
    return len <= size && off <= size - len;
}

static uint32_t prot_of(uint32_t flags)
{
    uint32_t prot = 0;
    if (flags & ELF_PF_R)
        prot |= 1;
    if (flags & ELF_PF_W)
        prot |= 2;
    if (flags & ELF_PF_X)
        prot |= 4;
    return prot;
}

static int check_header(const uint8_t *p, uint64_t size, struct elf_ehdr *eh,
                        const char **why)
{
    if (size < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
        return fail(why, "not an ELF file");
    if (size < 16)
        return fail(why, "truncated ELF");
    if (p[ELF_EI_CLASS] == ELF_CLASS32)
        return fail(why, "32-bit ELF (need x86-64)");
    if (p[ELF_EI_CLASS] != ELF_CLASS64)
        return fail(why, "bad ELF class");
    if (p[ELF_EI_DATA] == ELF_DATA2MSB)
        return fail(why, "big-endian ELF (need x86-64)");
    if (p[ELF_EI_DATA] != ELF_DATA2LSB)
        return fail(why, "bad ELF data encoding");
    if (p[ELF_EI_VERSION] != ELF_EV_CURRENT)
        return fail(why, "unsupported ELF version");
    if (size < sizeof(*eh))
        return fail(why, "truncated ELF");
    __builtin_memcpy(eh, p, sizeof(*eh)); /* inline moves */
    if (eh->e_version != ELF_EV_CURRENT)
        return fail(why, "unsupported ELF version");
    if (eh->e_machine != ELF_EM_X86_64)
        return fail(why, "wrong machine (need x86-64)");
    if (eh->e_type == ELF_ET_REL)
        return fail(why, "relocatable object, not an executable");
    if (eh->e_type == ELF_ET_CORE)
        return fail(why, "core dump, not an executable");
    if (eh->e_type != ELF_ET_EXEC && eh->e_type != ELF_ET_DYN)
        return fail(why, "unsupported ELF type");
    if (eh->e_phentsize != PHDR_SIZE)
        return fail(why, "bad program header size");
    if (eh->e_phnum == 0)
        return fail(why, "no loadable segments");
    if ((uint64_t)eh->e_phnum * PHDR_SIZE > MAX_PHDR_TABLE)
        return fail(why, "too many program headers");
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * PHDR_SIZE, size))
        return fail(why, "truncated ELF");
    return 0;
}

/* Check one PT_LOAD and append it to out->segs (memsz 0 is skipped). */
static int add_load(const struct elf_phdr *ph, uint64_t size,
                    struct elf_info *out, const char **why)
{
    if (!in_file(ph->p_offset, ph->p_filesz, size))
        return fail(why, "truncated ELF");
    if (ph->p_filesz > ph->p_memsz)
        return fail(why, "segment file size exceeds memory size");
    if (ph->p_memsz == 0)
        return 0;
    if (ph->p_vaddr >= ELF_USER_END || ph->p_memsz > ELF_USER_END - ph->p_vaddr)
        return fail(why, "segment address out of range");
    if (ph->p_filesz > 0 && (ph->p_vaddr - ph->p_offset) % PAGE_SIZE != 0)
        return fail(why, "segment offset and address not page-congruent");
    if (out->nsegs > 0) {
        const struct elf_seg *prev = &out->segs[out->nsegs - 1];
        if (ph->p_vaddr < prev->vaddr)
            return fail(why, "segments not in address order");
        if (ph->p_vaddr < prev->vaddr + prev->memsz)
            return fail(why, "overlapping segments");
    }
    if (out->nsegs == ELF_MAX_SEGS)
        return fail(why, "too many loadable segments");
    uint64_t a = ph->p_align;
    if (a > out->align && a <= ELF_MAX_ALIGN && (a & (a - 1)) == 0)
        out->align = a;
    struct elf_seg *s = &out->segs[out->nsegs++];
    s->vaddr = ph->p_vaddr;
    s->memsz = ph->p_memsz;
    s->offset = ph->p_offset;
    s->filesz = ph->p_filesz;
    s->prot = prot_of(ph->p_flags);
    return 0;
}

static int set_interp(const uint8_t *p, const struct elf_phdr *ph,
                      uint64_t avail, uint64_t size, struct elf_info *out,
                      const char **why)
{
    if (out->has_interp)
        return fail(why, "more than one PT_INTERP");
    if (!in_file(ph->p_offset, ph->p_filesz, size))
        return fail(why, "truncated ELF");
    if (!in_file(ph->p_offset, ph->p_filesz, avail))
        return ELF_HEAD_SHORT;
    uint64_t n = ph->p_filesz;
    const uint8_t *s = p + ph->p_offset;
    uint64_t len = 0;
    while (len < n && s[len] != 0)
        len++;
    if (len == 0 || len == n || len >= sizeof(out->interp))
        return fail(why, "bad interpreter path");
    memcpy(out->interp, s, len);
    out->interp[len] = 0;
    out->has_interp = 1;
    return 0;
}

/* The load segment holding [va, va + len) in memory, or NULL. */
static const struct elf_seg *seg_at(const struct elf_info *out, uint64_t va,
                                    uint64_t len)
{
    for (int i = 0; i < out->nsegs; i++) {
        const struct elf_seg *s = &out->segs[i];
        if (va >= s->vaddr && len <= s->memsz &&
            va - s->vaddr <= s->memsz - len)
            return s;
    }
    return NULL;
}

/* Where the program headers appear in memory, as Linux computes AT_PHDR. */
static uint64_t find_phdr(const struct elf_info *out, const struct elf_ehdr *eh,
                          uint64_t pt_phdr)
{
    uint64_t len = (uint64_t)eh->e_phnum * PHDR_SIZE;
    if (pt_phdr && seg_at(out, pt_phdr, len))
        return pt_phdr;
    for (int i = 0; i < out->nsegs; i++) {
        const struct elf_seg *s = &out->segs[i];
        if (eh->e_phoff >= s->offset && len <= s->filesz &&
            eh->e_phoff - s->offset <= s->filesz - len)
            return s->vaddr + (eh->e_phoff - s->offset);
    }
    return 0;
}

/* p holds the first avail bytes of a file of size bytes: what is read
 * must be there (else ELF_HEAD_SHORT), what is checked must be in the
 * file.  check_header reads the ELF header only. */
static int parse(const uint8_t *p, uint64_t avail, uint64_t size,
                 struct elf_info *out, const char **why)
{
    struct elf_ehdr eh;
    uint64_t pt_phdr = 0;
    int err;

    if (avail < size && avail < sizeof(eh))
        return ELF_HEAD_SHORT;
    if ((err = check_header(p, size, &eh, why)))
        return err;
    if (!in_file(eh.e_phoff, (uint64_t)eh.e_phnum * PHDR_SIZE, avail))
        return ELF_HEAD_SHORT;
    out->entry = eh.e_entry;
    out->phnum = eh.e_phnum;
    out->phentsize = eh.e_phentsize;
    out->is_pie = eh.e_type == ELF_ET_DYN;
    out->align = PAGE_SIZE;

    for (unsigned i = 0; i < eh.e_phnum; i++) {
        struct elf_phdr ph;
        __builtin_memcpy(&ph, p + eh.e_phoff + (uint64_t)i * PHDR_SIZE,
                         sizeof(ph));
        err = 0;
        switch (ph.p_type) {
        case ELF_PT_LOAD:
            err = add_load(&ph, size, out, why);
            break;
        case ELF_PT_INTERP:
            err = set_interp(p, &ph, avail, size, out, why);
            break;
        case ELF_PT_PHDR:
            pt_phdr = ph.p_vaddr;
            break;
        case ELF_PT_TLS:
            if (ph.p_filesz > ph.p_memsz || ph.p_memsz > ELF_MAX_SPAN ||
                !in_file(ph.p_offset, ph.p_filesz, size))
                err = fail(why, "bad TLS segment");
            out->tls_memsz = ph.p_memsz;
            break;
        case ELF_PT_GNU_STACK:
            out->exec_stack = (ph.p_flags & ELF_PF_X) != 0;
            break;
        }
        if (err)
            return err;
    }

    if (out->nsegs == 0)
        return fail(why, "no loadable segments");
    const struct elf_seg *last = &out->segs[out->nsegs - 1];
    out->lo = ALIGN_DOWN(out->segs[0].vaddr, PAGE_SIZE);
    out->hi = ALIGN_UP(last->vaddr + last->memsz, PAGE_SIZE); /* <= 2^47 */
    if (out->hi - out->lo > ELF_MAX_SPAN)
        return fail(why, "segments too large");
    if (!out->is_pie && out->lo < ELF_MIN_VADDR)
        return fail(why, "segment address out of range");

    const struct elf_seg *s = seg_at(out, eh.e_entry, 1);
    if (!s || !(s->prot & 4))
        return fail(why, "entry point outside every executable segment");
    out->phdr_vaddr = find_phdr(out, &eh, pt_phdr);

    if (out->has_interp)
        return fail(why, no_interp);
    return 0;
}

static int parse_start(const void *image, uint64_t avail, uint64_t size,
                       struct elf_info *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = "";
    /* All but the segments past nsegs and the interpreter's bytes, which
     * nothing reads (a kilobyte to clear where kernel code is slow). */
    memset(out, 0, offsetof(struct elf_info, segs));
    out->has_interp = out->exec_stack = 0;
    out->interp[0] = 0;
    out->tls_memsz = 0;
    int err = parse(image, image ? avail : 0, image ? size : 0, out, why);
    if (err && *why != no_interp)
        memset(out, 0, sizeof(*out));
    return err;
}

int elf_parse(const void *image, uint64_t size, struct elf_info *out,
              const char **why)
{
    return parse_start(image, size, size, out, why);
}

int elf_parse_head(const void *head, uint64_t avail, uint64_t size,
                   struct elf_info *out, const char **why)
{
    return parse_start(head, avail < size ? avail : size, size, out, why);
}
