/* SPDX-License-Identifier: MIT */
/*
 * Bad input for ./scan: broken variants of a valid static ELF, a
 * directory, a missing file and usage errors.  Each must get exit status
 * 2 and exactly one line on stderr, "scan: FILE: reason", never a crash.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/test_scan.h"

typedef void mutate_fn(uint8_t *p, size_t *size);

static Elf64_Ehdr *eh(uint8_t *p)
{
    return (Elf64_Ehdr *)p;
}

static Elf64_Phdr *ph(uint8_t *p, int i)
{
    return (Elf64_Phdr *)(p + eh(p)->e_phoff) + i;
}

static Elf64_Shdr *sh(uint8_t *p, int i)
{
    return (Elf64_Shdr *)(p + eh(p)->e_shoff) + i;
}

/* Index of the k-th PT_LOAD (k from 0), -1 if none. */
static int load(uint8_t *p, int k)
{
    for (int i = 0; i < eh(p)->e_phnum; i++)
        if (ph(p, i)->p_type == PT_LOAD && k-- == 0)
            return i;
    return -1;
}

/* Index of the first executable PT_LOAD. */
static int xload(uint8_t *p)
{
    for (int i = 0; i < eh(p)->e_phnum; i++)
        if (ph(p, i)->p_type == PT_LOAD && (ph(p, i)->p_flags & PF_X))
            return i;
    return 0;
}

static void not_elf(uint8_t *p, size_t *size)
{
    memcpy(p, "#!/bin/sh\necho hi\n", 18);
    *size = 18;
}

static void truncated(uint8_t *p, size_t *size)
{
    (void)p;
    *size = 100; /* inside the program headers */
}

static void tiny(uint8_t *p, size_t *size)
{
    (void)p;
    *size = 10; /* inside the ELF header */
}

static void empty(uint8_t *p, size_t *size)
{
    (void)p;
    *size = 0;
}

static void class32(uint8_t *p, size_t *size)
{
    (void)size;
    p[EI_CLASS] = ELFCLASS32;
}

static void big_endian(uint8_t *p, size_t *size)
{
    (void)size;
    p[EI_DATA] = ELFDATA2MSB;
}

static void aarch64(uint8_t *p, size_t *size)
{
    (void)size;
    eh(p)->e_machine = EM_AARCH64;
}

static void relocatable(uint8_t *p, size_t *size)
{
    (void)size;
    eh(p)->e_type = ET_REL;
}

static void no_exec(uint8_t *p, size_t *size)
{
    (void)size;
    for (int i = 0; i < eh(p)->e_phnum; i++)
        ph(p, i)->p_flags &= ~(uint32_t)PF_X;
}

static void no_phdrs(uint8_t *p, size_t *size)
{
    (void)size;
    eh(p)->e_phnum = 0;
}

static void overlap(uint8_t *p, size_t *size)
{
    (void)size;
    int a = load(p, 0), b = load(p, 1);
    if (a >= 0 && b >= 0)
        ph(p, b)->p_vaddr = ph(p, a)->p_vaddr;
}

static void phoff_absurd(uint8_t *p, size_t *size)
{
    (void)size;
    eh(p)->e_phoff = 0xfffffffffffff000ULL;
}

static void seg_offset_absurd(uint8_t *p, size_t *size)
{
    (void)size;
    ph(p, xload(p))->p_offset = 1ULL << 62;
}

static void seg_size_absurd(uint8_t *p, size_t *size)
{
    (void)size;
    ph(p, xload(p))->p_filesz = ~0ULL - 8;
}

static void seg_wraps(uint8_t *p, size_t *size)
{
    (void)size;
    ph(p, xload(p))->p_vaddr = ~0ULL - 16;
}

static void shoff_absurd(uint8_t *p, size_t *size)
{
    (void)size;
    eh(p)->e_shoff = 0xffffffffffff0000ULL;
}

static void sec_offset_absurd(uint8_t *p, size_t *size)
{
    (void)size;
    for (int i = 1; i < eh(p)->e_shnum; i++)
        if (sh(p, i)->sh_flags & SHF_EXECINSTR)
            sh(p, i)->sh_offset = 1ULL << 62;
}

static void sec_overlap(uint8_t *p, size_t *size)
{
    (void)size;
    int text = 0, other = 0;
    for (int i = 1; i < eh(p)->e_shnum; i++) {
        if (sh(p, i)->sh_flags & SHF_EXECINSTR)
            text = text ? text : i;
        else if (sh(p, i)->sh_type == SHT_PROGBITS)
            other = other ? other : i;
    }
    if (text && other)
        *sh(p, other) = *sh(p, text); /* a second copy of .text */
}

static const struct {
    const char *name;
    mutate_fn *fn;
    const char *reason; /* a word the message must contain */
} cases[] = {
    {"not-elf", not_elf, "not an ELF"},
    {"truncated", truncated, "outside the file"},
    {"tiny", tiny, "truncated"},
    {"empty", empty, "not an ELF"},
    {"class32", class32, "32-bit"},
    {"big-endian", big_endian, "little-endian"},
    {"aarch64", aarch64, "x86-64"},
    {"relocatable", relocatable, "not an executable"},
    {"no-exec", no_exec, "no executable segment"},
    {"no-phdrs", no_phdrs, "no program headers"},
    {"overlap", overlap, "overlap"},
    {"phoff-absurd", phoff_absurd, "outside the file"},
    {"seg-offset-absurd", seg_offset_absurd, "outside the file"},
    {"seg-size-absurd", seg_size_absurd, "outside the file"},
    {"seg-wraps", seg_wraps, "absurd"},
    {"shoff-absurd", shoff_absurd, "section"},
    {"sec-offset-absurd", sec_offset_absurd, "outside the file"},
    {"sec-overlap", sec_overlap, "overlap"},
};

/* Exit status 2, nothing on stdout, one line "scan: FILE: ..." naming
 * reason on stderr. */
static void expect_error(const char *scan, const char *file, const char *reason)
{
    char cmd[1024], out[256], err[1024], prefix[600];
    snprintf(cmd, sizeof(cmd), "'%s' '%s'", scan, file);
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    snprintf(prefix, sizeof(prefix), "scan: %s: ", file);
    size_t len = strlen(err);
    int one_line =
        len > 0 && err[len - 1] == '\n' && strchr(err, '\n') == err + len - 1;
    CHECK(st == 2, "%s: exit status %d, not 2", file, st);
    CHECK(out[0] == 0, "%s: wrote to stdout: %s", file, out);
    CHECK(one_line && strncmp(err, prefix, strlen(prefix)) == 0 &&
              len > strlen(prefix) + 1,
          "%s: stderr is not one line 'scan: FILE: reason': %s", file, err);
    CHECK(!reason || strstr(err, reason), "%s: '%s' not in: %s", file, reason,
          err);
}

static void expect_usage(const char *scan, const char *args)
{
    char cmd[1024], out[256], err[1024];
    snprintf(cmd, sizeof(cmd), "'%s' %s", scan, args);
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    CHECK(st == 2 && strstr(err, "usage: scan"),
          "scan %s: status %d, stderr %s", args, st, err);
}

void test_bad_inputs(const char *scan, const char *good, const char *dir)
{
    size_t size;
    uint8_t *orig = test_read(good, &size);
    char path[600];
    CHECK(orig != NULL, "cannot read %s", good);
    if (!orig)
        return;
    mkdir(dir, 0755);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t *p = malloc(size + 64);
        size_t n = size;
        memcpy(p, orig, size);
        cases[i].fn(p, &n);
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].name);
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(p, 1, n, f) == n, "cannot write %s", path);
        if (f)
            fclose(f);
        expect_error(scan, path, cases[i].reason);
        /* the library agrees, on memory */
        struct scan_result res;
        char why[SCAN_WHY] = "";
        CHECK(scan_memory(p, n, &res, why) == -1 && why[0],
              "%s: scan_memory accepted it", cases[i].name);
        scan_result_free(&res);
        free(p);
    }
    free(orig);
    expect_error(scan, dir, "directory");
    snprintf(path, sizeof(path), "%s/no-such-file", dir);
    expect_error(scan, path, "No such file");
    expect_error(scan, "/dev/null", "not a regular file");
    expect_usage(scan, "");
    expect_usage(scan, "--frobnicate x");
    expect_usage(scan, "a b");
}
