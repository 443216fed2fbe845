/* SPDX-License-Identifier: MIT */
/*
 * The ELF side of the scanner, through libelf: check that the file is a
 * sane 64-bit x86-64 executable, find the bytes it executes (PT_LOAD
 * segments with PF_X; refined to SHF_EXECINSTR sections when the file has
 * them, so read-only data sharing a segment with code is not decoded as
 * code) and read its code symbols from .symtab and .dynsym.
 */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

#define WHY(...) (snprintf(why, SCAN_WHY, __VA_ARGS__), -1)

/* a + b <= limit, without overflow */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
    return a <= limit && b <= limit - a;
}

static int cmp_range(const void *a, const void *b)
{
    const struct scan_range *x = a, *y = b;
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static int cmp_sym(const void *a, const void *b)
{
    const struct scan_sym *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return (y->type == STT_FUNC) - (x->type == STT_FUNC);
}

static int add_range(struct scan_image *img, uint64_t vaddr, uint64_t size,
                     const uint8_t *bytes)
{
    struct scan_range *r =
        realloc(img->ranges, (img->nranges + 1) * sizeof(*r));
    if (!r)
        return -1;
    img->ranges = r;
    r[img->nranges++] = (struct scan_range){vaddr, size, bytes};
    return 0;
}

/* Sorted, and no two ranges overlap. */
static int sort_ranges(struct scan_image *img, const char *what, char *why)
{
    qsort(img->ranges, img->nranges, sizeof(*img->ranges), cmp_range);
    for (size_t i = 1; i < img->nranges; i++) {
        const struct scan_range *p = &img->ranges[i - 1];
        if (img->ranges[i].vaddr - p->vaddr < p->size)
            return WHY("executable %s overlap at 0x%llx", what,
                       (unsigned long long)img->ranges[i].vaddr);
    }
    return 0;
}

static int cmp_phdr(const void *a, const void *b)
{
    const GElf_Phdr *x = a, *y = b;
    return x->p_vaddr < y->p_vaddr ? -1 : x->p_vaddr > y->p_vaddr;
}

/* All PT_LOAD headers into xs (sorted, checked); executable ones become
 * the ranges. */
static int read_segments(struct scan_image *img, const uint8_t *data,
                         size_t size, GElf_Phdr **xs, size_t *nx, char *why)
{
    size_t n;
    GElf_Ehdr eh;
    if (!gelf_getehdr(img->elf, &eh))
        return WHY("bad ELF header");
    if (eh.e_phnum == 0)
        return WHY("no program headers");
    if (eh.e_phentsize != sizeof(Elf64_Phdr))
        return WHY("bad program header size %u", eh.e_phentsize);
    n = eh.e_phnum == PN_XNUM ? 1 : eh.e_phnum;
    if (!fits(eh.e_phoff, (uint64_t)n * sizeof(Elf64_Phdr), size))
        return WHY("program headers lie outside the file");
    if (elf_getphdrnum(img->elf, &n) != 0 || n == 0 ||
        !fits(eh.e_phoff, (uint64_t)n * sizeof(Elf64_Phdr), size))
        return WHY("bad program header count");
    *xs = calloc(n, sizeof(**xs));
    if (!*xs)
        return WHY("out of memory");
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(img->elf, (int)i, &ph))
            return WHY("bad program header %zu", i);
        if (ph.p_type == PT_INTERP)
            img->dynamic = 1;
        if (ph.p_type != PT_LOAD)
            continue;
        if (!fits(ph.p_offset, ph.p_filesz, size))
            return WHY("segment %zu lies outside the file", i);
        if (ph.p_filesz > ph.p_memsz || !fits(ph.p_vaddr, ph.p_memsz, ~0ULL))
            return WHY("segment %zu has absurd sizes", i);
        (*xs)[(*nx)++] = ph;
        if (!(ph.p_flags & PF_X) || ph.p_filesz == 0)
            continue;
        if (add_range(img, ph.p_vaddr, ph.p_filesz, data + ph.p_offset))
            return WHY("out of memory");
    }
    qsort(*xs, *nx, sizeof(**xs), cmp_phdr);
    for (size_t i = 1; i < *nx; i++)
        if ((*xs)[i].p_vaddr - (*xs)[i - 1].p_vaddr < (*xs)[i - 1].p_memsz)
            return WHY("segments overlap at 0x%llx",
                       (unsigned long long)(*xs)[i].p_vaddr);
    if (img->nranges == 0)
        return WHY("no executable segment");
    return sort_ranges(img, "segments", why);
}

/* The part of the executable segment that holds [addr, addr+sz), or -1. */
static int in_segment(const GElf_Phdr *xs, size_t nx, uint64_t addr,
                      uint64_t sz)
{
    for (size_t i = 0; i < nx; i++)
        if ((xs[i].p_flags & PF_X) && addr >= xs[i].p_vaddr &&
            sz <= xs[i].p_filesz && addr - xs[i].p_vaddr <= xs[i].p_filesz - sz)
            return (int)i;
    return -1;
}

/* Add the executable sections inside executable segments to img's
 * (empty) ranges: returns how many, or -1. */
static int exec_sections(struct scan_image *img, const uint8_t *data,
                         size_t size, const GElf_Phdr *xs, size_t nx, char *why)
{
    size_t n, strndx = 0;
    int kept = 0;
    GElf_Ehdr eh;
    if (!gelf_getehdr(img->elf, &eh))
        return WHY("bad ELF header");
    if (eh.e_shoff == 0)
        return 0; /* no section headers */
    if (eh.e_shentsize != sizeof(Elf64_Shdr))
        return WHY("bad section header size %u", eh.e_shentsize);
    n = eh.e_shnum ? eh.e_shnum : 1; /* 0: the count is in section 0 */
    if (!fits(eh.e_shoff, (uint64_t)n * sizeof(Elf64_Shdr), size))
        return WHY("section headers lie outside the file");
    if (elf_getshdrnum(img->elf, &n) != 0 ||
        !fits(eh.e_shoff, (uint64_t)n * sizeof(Elf64_Shdr), size))
        return WHY("bad section header count");
    if (n && elf_getshdrstrndx(img->elf, &strndx) != 0)
        strndx = 0;
    for (Elf_Scn *s = NULL; (s = elf_nextscn(img->elf, s));) {
        GElf_Shdr sh;
        if (!gelf_getshdr(s, &sh))
            return WHY("bad section header");
        if (sh.sh_type != SHT_NOBITS && !fits(sh.sh_offset, sh.sh_size, size))
            return WHY("section %zu lies outside the file", elf_ndxscn(s));
        const char *name =
            strndx ? elf_strptr(img->elf, strndx, sh.sh_name) : NULL;
        if (name &&
            (!strcmp(name, ".go.buildinfo") || !strcmp(name, ".gopclntab")))
            img->go = 1;
        if (!(sh.sh_flags & SHF_EXECINSTR) || !(sh.sh_flags & SHF_ALLOC) ||
            sh.sh_type != SHT_PROGBITS || sh.sh_size == 0)
            continue;
        int k = in_segment(xs, nx, sh.sh_addr, sh.sh_size);
        if (k < 0)
            continue; /* not mapped executable: never runs */
        if (sh.sh_offset != xs[k].p_offset + (sh.sh_addr - xs[k].p_vaddr))
            return WHY("section %zu disagrees with its segment", elf_ndxscn(s));
        if (add_range(img, sh.sh_addr, sh.sh_size, data + sh.sh_offset))
            return WHY("out of memory");
        kept++;
    }
    return kept;
}

/* Replace the segment ranges by the executable sections inside them, if
 * the file has section headers naming any. */
static int read_sections(struct scan_image *img, const uint8_t *data,
                         size_t size, const GElf_Phdr *xs, size_t nx, char *why)
{
    struct scan_range *segs = img->ranges;
    size_t nsegs = img->nranges;
    img->ranges = NULL;
    img->nranges = 0;
    int kept = exec_sections(img, data, size, xs, nx, why);
    if (kept <= 0) {
        free(img->ranges);
        img->ranges = segs;
        img->nranges = nsegs;
        return kept;
    }
    free(segs);
    img->by_section = 1;
    return sort_ranges(img, "sections", why);
}

static int add_sym(struct scan_image *img, size_t *cap, const GElf_Sym *s,
                   const char *name)
{
    if (img->nsyms == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        struct scan_sym *p = realloc(img->syms, c * sizeof(*p));
        if (!p)
            return -1;
        img->syms = p;
        *cap = c;
    }
    img->syms[img->nsyms++] = (struct scan_sym){
        s->st_value, s->st_size, name, (uint8_t)GELF_ST_TYPE(s->st_info)};
    size_t len = strlen(name);
    if (len > 5 && strcmp(name + len - 5, ".abi0") == 0)
        img->go_regabi = img->go = 1;
    if (strcmp(name, "runtime.main") == 0)
        img->go = 1;
    return 0;
}

static int read_symbols(struct scan_image *img, char *why)
{
    size_t cap = 0;
    for (Elf_Scn *s = NULL; (s = elf_nextscn(img->elf, s));) {
        GElf_Shdr sh;
        Elf_Data *d;
        if (!gelf_getshdr(s, &sh) ||
            (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
            continue;
        if (sh.sh_entsize != sizeof(Elf64_Sym) || !(d = elf_getdata(s, NULL)))
            return WHY("bad symbol table in section %zu", elf_ndxscn(s));
        size_t n = d->d_size / sizeof(Elf64_Sym);
        for (size_t i = 1; i < n; i++) {
            GElf_Sym sym;
            const char *name;
            int t;
            if (!gelf_getsym(d, (int)i, &sym))
                break;
            t = GELF_ST_TYPE(sym.st_info);
            if ((t != STT_FUNC && t != STT_NOTYPE && t != STT_GNU_IFUNC) ||
                sym.st_shndx == SHN_UNDEF || !scan_range_at(img, sym.st_value))
                continue;
            name = elf_strptr(img->elf, sh.sh_link, sym.st_name);
            if (!name || !name[0])
                continue;
            if (add_sym(img, &cap, &sym, name))
                return WHY("out of memory");
        }
    }
    if (img->nsyms)
        qsort(img->syms, img->nsyms, sizeof(*img->syms), cmp_sym);
    return 0;
}

int scan_image_open(struct scan_image *img, uint8_t *data, size_t size,
                    char *why)
{
    static int inited;
    GElf_Ehdr eh;
    GElf_Phdr *xs = NULL;
    size_t nx = 0;
    int r;

    memset(img, 0, sizeof(*img));
    if (size < SELFMAG || memcmp(data, ELFMAG, SELFMAG) != 0)
        return WHY("not an ELF file");
    if (size < EI_NIDENT)
        return WHY("truncated ELF header");
    if (data[EI_CLASS] == ELFCLASS32)
        return WHY("32-bit ELF; only x86-64 (64-bit) is supported");
    if (data[EI_CLASS] != ELFCLASS64 || data[EI_DATA] != ELFDATA2LSB)
        return WHY("not a 64-bit little-endian ELF");
    if (size < sizeof(Elf64_Ehdr))
        return WHY("truncated ELF header");
    if (!inited && elf_version(EV_CURRENT) == EV_NONE)
        return WHY("libelf: %s", elf_errmsg(-1));
    inited = 1;
    img->elf = elf_memory((char *)data, size);
    if (!img->elf || elf_kind(img->elf) != ELF_K_ELF ||
        !gelf_getehdr(img->elf, &eh))
        return WHY("bad ELF: %s", elf_errmsg(-1));
    if (eh.e_machine != EM_X86_64)
        return WHY("not an x86-64 ELF (machine %u)", eh.e_machine);
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        return WHY("not an executable (ELF type %u)", eh.e_type);
    r = read_segments(img, data, size, &xs, &nx, why);
    if (r == 0)
        r = read_sections(img, data, size, xs, nx, why);
    if (r == 0)
        r = read_symbols(img, why);
    free(xs);
    return r;
}

void scan_image_close(struct scan_image *img)
{
    if (img->elf)
        elf_end(img->elf);
    free(img->ranges);
    free(img->syms);
    memset(img, 0, sizeof(*img));
}

const struct scan_range *scan_range_at(const struct scan_image *img,
                                       uint64_t addr)
{
    size_t lo = 0, hi = img->nranges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct scan_range *r = &img->ranges[mid];
        if (addr < r->vaddr)
            hi = mid;
        else if (addr - r->vaddr >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}
