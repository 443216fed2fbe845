/* SPDX-License-Identifier: MIT */
/*
 * ./scan: a static scanner that lists the system calls an x86-64 Linux ELF
 * can make and what this kernel does with each.  Stages, one file each:
 * elfio.c (the ELF through libelf: executable ranges and symbols),
 * sweep.c (Capstone linear sweep, branch edges, desync recovery),
 * step.c (what one instruction does to the register holding the number),
 * resolve.c (the backward walk over blocks, predecessors and callers),
 * wrappers.c (symbols and generic syscall wrappers), report.c (the table
 * from syscall/syscalls.def, text and JSON), scan.c (the whole pipeline on
 * memory) and main.c (the command line).  A dynamically linked program is
 * followed into its libraries: dynamic.c (PT_INTERP and the dynamic
 * section), ldcache.c (/etc/ld.so.cache), search.c (where ld.so would find
 * a library), closure.c (the breadth-first walk over the objects) and
 * merge.c (one result for all of them).
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <capstone/capstone.h>
#include <libelf.h>

/* Bytes of the file the program executes: an executable section clipped to
 * a PT_LOAD segment with PF_X, or the whole segment without sections. */
struct scan_range {
    uint64_t vaddr;
    uint64_t size;
    const uint8_t *bytes;
};

struct scan_sym {
    uint64_t addr;
    uint64_t size;
    const char *name; /* points into the ELF image */
    uint8_t type;     /* STT_FUNC, STT_NOTYPE */
};

struct scan_image {
    Elf *elf;
    struct scan_range *ranges; /* sorted by vaddr, disjoint */
    size_t nranges;
    struct scan_sym *syms; /* code symbols sorted by addr */
    size_t nsyms;
    int dynamic;    /* has PT_INTERP: shared libraries are not scanned */
    int go;         /* a Go program: calls preserve no registers */
    int go_regabi;  /* Go 1.17+ (register ABI): *.abi0 symbols exist */
    int by_section; /* ranges come from SHF_EXECINSTR sections */
};

/* One instruction of the sweep; the details are decoded again on demand. */
struct scan_insn {
    uint64_t addr;
    uint64_t target; /* of a direct jump or call, else 0 */
    uint8_t size;
    uint16_t flags; /* SI_* */
};

#define SI_SYSCALL 0x01 /* syscall */
#define SI_CALL 0x02    /* any call */
#define SI_NOFALL 0x04  /* jmp, ret, ud2, hlt, call abort: no fall-through */
#define SI_DATA 0x08    /* bytes Capstone skipped (SKIPDATA) */
#define SI_ENDBR 0x10   /* endbr64: an indirect branch may land here */
#define SI_TARGET 0x20  /* target of a direct jump or call */
#define SI_SYMBOL 0x40  /* a symbol starts here */
#define SI_JUMP 0x80    /* jcc, jmp, loop: target is a jump target */
#define SI_PAD 0x100    /* nop or int3: alignment padding */

/* A direct jump or call from insns[src] to target. */
struct scan_edge {
    uint64_t target;
    size_t src;
    int call;
};

struct scan_code {
    const struct scan_image *img;
    csh cs;
    cs_insn *ci; /* scratch for scan_decode */
    struct scan_insn *insns;
    size_t ninsns;
    struct scan_edge *edges; /* sorted by target */
    size_t nedges;
    size_t recovered; /* syscall sites found only by desync recovery */
    long budget;      /* instructions desync recovery may still decode */
};

/* A syscall number fixed at site: the syscall instruction itself, or a
 * call whose callee (callee != 0) passes the number on to one. */
struct scan_hit {
    uint32_t nr;
    uint64_t site;
    uint64_t callee;
};

struct scan_unres {
    uint64_t addr;
    char *symbol;  /* enclosing symbol or "?" */
    char *reason;  /* "rax loaded from memory", "wrapper syscall", ... */
    char *wrapper; /* the wrapper's name, or NULL */
};

struct scan_result {
    struct scan_hit *hits; /* sorted by nr, then site; no duplicates */
    size_t nhits;
    char **hit_syms;          /* hit_syms[i]: symbol enclosing hits[i].site */
    char **hit_via;           /* hit_via[i]: callee's name, NULL if direct */
    struct scan_unres *unres; /* sorted by addr */
    size_t nunres;
    size_t nsites;    /* syscall instructions found */
    size_t recovered; /* of which found by desync recovery */
    int dynamic;
    /* Only in the result of a dynamic closure (nobjs > 0): */
    struct scan_object *objs; /* objs[0] is the program */
    size_t nobjs;
    uint32_t *hit_obj;   /* hits[i] is in objs[hit_obj[i]] */
    uint32_t *unres_obj; /* unres[i] is in objs[unres_obj[i]] */
    char **notfound;     /* "libX.so.N" (or an interpreter path) not found */
    size_t nnotfound;
};

/* One object of a dynamic closure. */
struct scan_object {
    char *path;    /* as ld.so would open it; the program as given */
    size_t nsites; /* syscall instructions in it */
    size_t nhits;  /* resolved sites */
    size_t nunres; /* unresolved sites */
    int failed;    /* could not be read or scanned */
};

/* What the dynamic linker reads of an object: every string is malloc'd
 * and NULL when absent. */
struct scan_dyn {
    char *interp; /* PT_INTERP */
    char *soname;
    char *rpath, *runpath;
    char **needed; /* DT_NEEDED, in order */
    size_t nneeded;
    int has_dynamic; /* a PT_DYNAMIC segment */
    int nodeflib;    /* DF_1_NODEFLIB: no cache, no default directories */
};

#define SCAN_WHY 160

/* elfio.c */

/* Validate the 64-bit x86-64 ELF in data[0..size) and collect its
 * executable ranges and code symbols.  data must outlive img.  Returns 0,
 * or -1 with a one-line reason in why. */
int scan_image_open(struct scan_image *img, uint8_t *data, size_t size,
                    char *why);

/* Release what scan_image_open allocated (safe on a zeroed img). */
void scan_image_close(struct scan_image *img);

/* The executable range holding addr, or NULL. */
const struct scan_range *scan_range_at(const struct scan_image *img,
                                       uint64_t addr);

/* sweep.c */

/* Disassemble every range of img: a linear sweep with SKIPDATA, direct
 * branch edges, block-boundary flags, then desync recovery for 0f 05
 * bytes the sweep missed.  Returns 0, or -1 with a reason in why. */
int scan_code_build(struct scan_code *code, const struct scan_image *img,
                    char *why);

/* Release what scan_code_build allocated (safe on a zeroed code). */
void scan_code_free(struct scan_code *code);

/* Index of the instruction starting at addr, or SIZE_MAX. */
size_t scan_insn_index(const struct scan_code *code, uint64_t addr);

/* Decode insns[i] again with full detail; NULL if it is data. The result
 * is valid until the next call. */
const cs_insn *scan_decode(struct scan_code *code, size_t i);

/* The edges into target: *first is the first index in code->edges. */
size_t scan_edges_to(const struct scan_code *code, uint64_t target,
                     size_t *first);

/* wrappers.c */

/* Name of the code symbol enclosing addr, or "?". */
const char *scan_symbol_at(const struct scan_image *img, uint64_t addr);

/* If a symbol at or enclosing addr is a generic syscall wrapper
 * (glibc/musl syscall(), Go's syscall.Syscall, ...), its name, else NULL. */
const char *scan_wrapper_at(const struct scan_image *img, uint64_t addr);

/* 1 if a function known never to return (abort, exit, Go's runtime.throw
 * and panics, ...) starts at addr. */
int scan_noreturn_at(const struct scan_image *img, uint64_t addr);

/* The i-th wrapper of img whose callers pass the number in a known
 * register: its entry address and that register's family (step.c numbering).
 * Returns 0 when there are no more. */
int scan_wrapper_entry(const struct scan_image *img, size_t *i, uint64_t *entry,
                       int *reg);

/* resolve.c */

/* Resolve every syscall site of code, and the callers of known wrappers,
 * into res (hits and unresolved sites).  Returns 0, or -1 if out of
 * memory. */
int scan_resolve(struct scan_code *code, struct scan_result *res);

/* scan.c */

/* The whole scan of an ELF in memory (data is not modified, but must be
 * writable for libelf).  Returns 0 with res filled, or -1 with a one-line
 * reason in why.  Free res with scan_result_free either way. */
int scan_memory(uint8_t *data, size_t size, struct scan_result *res, char *why);

/* Release everything in res. */
void scan_result_free(struct scan_result *res);

/* dynamic.c */

/* Read PT_INTERP and the dynamic section (DT_NEEDED, DT_SONAME, DT_RPATH,
 * DT_RUNPATH, DT_FLAGS_1) of the ELF in data[0..size), which scan_memory
 * has accepted.  Returns 0, or -1 with a reason in why (a broken dynamic
 * section).  Free dyn with scan_dyn_free either way. */
int scan_dyn_read(const uint8_t *data, size_t size, struct scan_dyn *dyn,
                  char *why);

/* Release what scan_dyn_read allocated (safe on a zeroed dyn). */
void scan_dyn_free(struct scan_dyn *dyn);

/* ldcache.c */

struct scan_ldcache;

/* The host's ld.so cache at path, or NULL if it is absent or unreadable
 * (then only the default directories are searched). */
struct scan_ldcache *scan_ldcache_open(const char *path);

/* Parse a cache image (format glibc-ld.so.cache1.1, alone or after the
 * old ld.so-1.7.0 table); takes data (malloc'd).  NULL if it is bad. */
struct scan_ldcache *scan_ldcache_parse(uint8_t *data, size_t size);

/* The path of the i-th x86-64 libc6 entry for soname (i from 0, baseline
 * entries before hardware-specific ones), or NULL after the last. */
const char *scan_ldcache_lookup(const struct scan_ldcache *c,
                                const char *soname, size_t i);

void scan_ldcache_close(struct scan_ldcache *c);

/* search.c */

/* A loader in the chain that led to a DT_NEEDED entry: the object naming
 * it first, then the object that loaded that one, up to the program. */
struct scan_loader {
    const struct scan_dyn *dyn;
    const char *origin; /* its directory, for $ORIGIN */
    const struct scan_loader *up;
};

/* Where ld.so would find the library name needed by chain[0]: glibc's
 * order (DT_RPATH of the chain, when the needing object has no
 * DT_RUNPATH; then DT_RUNPATH; then the cache; then the default
 * directories), or musl's when musl is set.  LD_LIBRARY_PATH is never
 * used.  A candidate that is not an x86-64 ELFCLASS64 shared object is
 * skipped.  Returns a malloc'd path, or NULL if none is found. */
char *scan_search(const char *name, const struct scan_loader *chain,
                  const struct scan_ldcache *cache, int musl);

/* 1 if the file at path is a 64-bit x86-64 ELF shared object. */
int scan_is_x86_64_dso(const char *path);

/* merge.c */

/* Move the result part, of objs[obj], into all (the closure's result);
 * part is left empty.  Returns 0, or -1 if out of memory. */
int scan_merge(struct scan_result *all, struct scan_result *part, uint32_t obj);

/* Sort all's hits by number, object and site, once every part is in. */
int scan_merge_finish(struct scan_result *all);

/* closure.c */

/* The whole of the regular file at path, malloc'd.  Returns 0, or -1 with
 * a reason in why. */
int scan_read_file(const char *path, uint8_t **data, size_t *size, char *why);

/* Scan the program at path and, if it is dynamically linked, every object
 * of its dynamic closure, into res.  Libraries not found, or not scanned,
 * are reported on err (one line each) and make *incomplete 1.  Returns 0,
 * or -1 with a reason in why if the program itself cannot be scanned. */
int scan_closure(const char *path, struct scan_result *res, int *incomplete,
                 FILE *err, char *why);

/* report.c */

enum scan_status { SCAN_MISSING, SCAN_STUB, SCAN_PARTIAL, SCAN_IMPL };

/* Name and status of syscall nr in this kernel's syscalls.def.  Unknown
 * numbers are "unknown-N" in buf and SCAN_MISSING. */
enum scan_status scan_syscall_info(uint32_t nr, const char **name,
                                   char buf[24]);

/* Print res as a table or as JSON (json != 0) to out.  Returns the exit
 * status: 1 if a resolved syscall is missing in this kernel, else 0. */
int scan_report(FILE *out, const char *file, const struct scan_result *res,
                int json);

#endif
