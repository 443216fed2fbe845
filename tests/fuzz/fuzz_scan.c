/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for ./scan.  An input is an ELF file, which goes
 * through scan_memory (the ELF checks through libelf, the Capstone sweep
 * and desync recovery, the backward walk) and must either succeed, and
 * then report as text and JSON, or fail with a one-line reason.  An input
 * starting with 'C' is raw machine code instead: it is wrapped in a
 * minimal valid ELF, so it must always scan, and the fuzzer reaches the
 * disassembly and the walk directly.  An accepted ELF also goes through
 * scan_dyn_read (PT_INTERP and the dynamic section).  Build and run with
 * `make fuzz-scan`; crashes go into tests/fuzz/corpus_scan.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

#define BASE 0x400000

/* code[0..n) after an ELF header and one PT_LOAD R+X of the whole file. */
static uint8_t *wrap_code(const uint8_t *code, size_t n, size_t *size)
{
    size_t off = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
    uint8_t *p = calloc(1, off + n);
    Elf64_Ehdr *e = (Elf64_Ehdr *)p;
    Elf64_Phdr *ph = (Elf64_Phdr *)(p + sizeof(*e));
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS64;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = ET_EXEC;
    e->e_machine = EM_X86_64;
    e->e_version = EV_CURRENT;
    e->e_entry = BASE + off;
    e->e_phoff = sizeof(*e);
    e->e_ehsize = sizeof(*e);
    e->e_phentsize = sizeof(*ph);
    e->e_phnum = 1;
    ph->p_type = PT_LOAD;
    ph->p_flags = PF_R | PF_X;
    ph->p_vaddr = ph->p_paddr = BASE;
    ph->p_filesz = ph->p_memsz = off + n;
    ph->p_align = 0x1000;
    memcpy(p + off, code, n);
    *size = off + n;
    return p;
}

/* What ld.so would read of an accepted ELF (the closure itself is not
 * followed: the fuzzer scans memory only): success, or a one-line reason. */
static void check_dyn(const uint8_t *data, size_t size)
{
    struct scan_dyn dyn;
    char why[SCAN_WHY] = "";
    if (scan_dyn_read(data, size, &dyn, why) != 0 &&
        (!why[0] || strchr(why, '\n'))) {
        fprintf(stderr, "fuzz_scan: scan_dyn_read: %s\n", why);
        abort();
    }
    scan_dyn_free(&dyn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    struct scan_result res;
    char why[SCAN_WHY] = "";
    int code = size > 0 && data[0] == 'C';
    uint8_t *copy;

    if (!null)
        null = fopen("/dev/null", "w");
    if (code) {
        copy = wrap_code(data + 1, size - 1, &size);
    } else {
        copy = malloc(size ? size : 1);
        memcpy(copy, data, size);
    }
    int r = scan_memory(copy, size, &res, why);
    if (r != 0 && (code || r != -1 || !why[0] || strchr(why, '\n'))) {
        fprintf(stderr, "fuzz_scan: %d: %s\n", r, why);
        abort();
    }
    if (r == 0 && null) {
        scan_report(null, "fuzz", &res, 0);
        scan_report(null, "fuzz", &res, 1);
    }
    if (r == 0)
        check_dyn(copy, size);
    scan_result_free(&res);
    free(copy);
    return 0;
}
