/* SPDX-License-Identifier: MIT */
/*
 * What the dynamic linker reads of an object before it maps any other:
 * PT_INTERP and, through PT_DYNAMIC, the DT_NEEDED list, DT_SONAME, the
 * search paths and DT_FLAGS_1.  Read from the program headers, as ld.so
 * does (section headers may be stripped), with every offset checked
 * against the file: the input is untrusted.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

#define WHY(...) (snprintf(why, SCAN_WHY, __VA_ARGS__), -1)
#define MAX_NEEDED 4096

struct dynfile {
    const uint8_t *data;
    size_t size;
    Elf64_Phdr *ph;
    size_t nph;
};

/* a + b <= limit, without overflow */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
    return a <= limit && b <= limit - a;
}

/* The file offset of vaddr, through the PT_LOAD holding it, or -1. */
static int64_t file_offset(const struct dynfile *f, uint64_t vaddr)
{
    for (size_t i = 0; i < f->nph; i++) {
        const Elf64_Phdr *p = &f->ph[i];
        if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr &&
            vaddr - p->p_vaddr < p->p_filesz)
            return (int64_t)(p->p_offset + (vaddr - p->p_vaddr));
    }
    return -1;
}

/* A copy of the NUL-terminated string at data[off], which must end
 * before data[end]; NULL if it does not (or out of memory). */
static char *string_at(const struct dynfile *f, uint64_t off, uint64_t end)
{
    if (end > f->size || off >= end)
        return NULL;
    const uint8_t *p = f->data + off;
    const uint8_t *nul = memchr(p, 0, end - off);
    return nul ? strndup((const char *)p, (size_t)(nul - p)) : NULL;
}

static int add_needed(struct scan_dyn *dyn, char *name)
{
    char **p = realloc(dyn->needed, (dyn->nneeded + 1) * sizeof(*p));
    if (!p)
        return -1;
    dyn->needed = p;
    p[dyn->nneeded++] = name;
    return 0;
}

/* The string table: DT_STRTAB (a vaddr) and DT_STRSZ, as file offsets. */
static int strtab(const struct dynfile *f, const Elf64_Dyn *d, size_t n,
                  uint64_t *lo, uint64_t *hi, char *why)
{
    uint64_t addr = 0, sz = 0;
    int seen = 0;
    for (size_t i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
        if (d[i].d_tag == DT_STRTAB)
            addr = d[i].d_un.d_ptr, seen = 1;
        else if (d[i].d_tag == DT_STRSZ)
            sz = d[i].d_un.d_val;
    }
    if (!seen)
        return 1; /* no strings: nothing is needed */
    int64_t off = file_offset(f, addr);
    if (off < 0 || !fits((uint64_t)off, sz, f->size))
        return WHY("dynamic string table lies outside the file");
    *lo = (uint64_t)off;
    *hi = (uint64_t)off + sz;
    return 0;
}

/* One string-valued entry into its place in dyn. */
static int take(const struct dynfile *f, const Elf64_Dyn *e, uint64_t lo,
                uint64_t hi, struct scan_dyn *dyn, char *why)
{
    char **slot = e->d_tag == DT_SONAME    ? &dyn->soname
                  : e->d_tag == DT_RPATH   ? &dyn->rpath
                  : e->d_tag == DT_RUNPATH ? &dyn->runpath
                                           : NULL;
    if (e->d_tag != DT_NEEDED && (!slot || *slot))
        return 0; /* not a string, or a repeated one: ld.so keeps the first */
    char *s =
        e->d_un.d_val < hi - lo ? string_at(f, lo + e->d_un.d_val, hi) : NULL;
    if (!s)
        return WHY("bad dynamic string (tag %lld)", (long long)e->d_tag);
    if (slot) {
        *slot = s;
        return 0;
    }
    if (dyn->nneeded >= MAX_NEEDED || add_needed(dyn, s)) {
        free(s);
        return WHY("too many DT_NEEDED entries");
    }
    return 0;
}

static int read_dynamic(const struct dynfile *f, const Elf64_Phdr *p,
                        struct scan_dyn *dyn, char *why)
{
    uint64_t lo = 0, hi = 0;
    size_t n = p->p_filesz / sizeof(Elf64_Dyn);
    if (!fits(p->p_offset, p->p_filesz, f->size))
        return WHY("dynamic segment lies outside the file");
    Elf64_Dyn *d = malloc((n ? n : 1) * sizeof(*d));
    if (!d)
        return WHY("out of memory");
    memcpy(d, f->data + p->p_offset, n * sizeof(*d)); /* may be unaligned */
    int r = strtab(f, d, n, &lo, &hi, why);
    for (size_t i = 0; r == 0 && i < n && d[i].d_tag != DT_NULL; i++) {
        if (d[i].d_tag == DT_FLAGS_1 && (d[i].d_un.d_val & DF_1_NODEFLIB))
            dyn->nodeflib = 1;
        r = take(f, &d[i], lo, hi, dyn, why);
    }
    free(d);
    return r < 0 ? -1 : 0;
}

static int read_phdrs(struct dynfile *f, char *why)
{
    Elf64_Ehdr eh;
    if (f->size < sizeof(eh))
        return WHY("truncated ELF header");
    memcpy(&eh, f->data, sizeof(eh));
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !fits(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), f->size))
        return WHY("bad program headers");
    f->nph = eh.e_phnum;
    f->ph = malloc((f->nph ? f->nph : 1) * sizeof(*f->ph));
    if (!f->ph)
        return WHY("out of memory");
    memcpy(f->ph, f->data + eh.e_phoff, f->nph * sizeof(*f->ph));
    return 0;
}

int scan_dyn_read(const uint8_t *data, size_t size, struct scan_dyn *dyn,
                  char *why)
{
    struct dynfile f = {data, size, NULL, 0};
    memset(dyn, 0, sizeof(*dyn));
    int r = read_phdrs(&f, why);
    for (size_t i = 0; r == 0 && i < f.nph; i++) {
        const Elf64_Phdr *p = &f.ph[i];
        if (p->p_type == PT_INTERP && !dyn->interp) {
            if (!fits(p->p_offset, p->p_filesz, size) ||
                !(dyn->interp =
                      string_at(&f, p->p_offset, p->p_offset + p->p_filesz)) ||
                !dyn->interp[0])
                r = WHY("bad PT_INTERP");
        } else if (p->p_type == PT_DYNAMIC && !dyn->has_dynamic) {
            dyn->has_dynamic = 1;
            r = read_dynamic(&f, p, dyn, why);
        }
    }
    free(f.ph);
    return r;
}

void scan_dyn_free(struct scan_dyn *dyn)
{
    for (size_t i = 0; i < dyn->nneeded; i++)
        free(dyn->needed[i]);
    free(dyn->needed);
    free(dyn->interp);
    free(dyn->soname);
    free(dyn->rpath);
    free(dyn->runpath);
    memset(dyn, 0, sizeof(*dyn));
}
