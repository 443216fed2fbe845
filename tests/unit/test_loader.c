/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of loader/: elf_parse on the built-in corpus of broken ELFs, on
 * real static binaries and on every regression input of the fuzzer, and the
 * initial stack layout.
 *   test_loader [BINDIR [CORPUSDIR]]   run the tests
 *   test_loader --write-corpus DIR     write the built-in corpus as files
 */
#include <dirent.h>
#include <sys/stat.h>

#include "loader/elf.h"
#include "loader/stack.h"
#include "tests/fuzz/fuzz_elf_check.h"
#include "tests/unit/bad_elfs.h"

static int passed, failed;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (cond) {                                                            \
            passed++;                                                          \
        } else {                                                               \
            failed++;                                                          \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
            printf(__VA_ARGS__);                                               \
            printf("\n");                                                      \
        }                                                                      \
    } while (0)

static uint8_t *read_file(const char *path, uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *size = (uint64_t)n;
    return p;
}

/* Largest end of file data used by a load: every shorter prefix must fail. */
static uint64_t file_end(const struct elf_info *in)
{
    uint64_t end = 0;
    for (int i = 0; i < in->nsegs; i++)
        end = MAX(end, in->segs[i].offset + in->segs[i].filesz);
    return end;
}

/* Every prefix of an accepted image that cuts into a segment is rejected. */
static void check_prefixes(const char *name, const uint8_t *p, uint64_t end)
{
    int bad = 0;
    for (uint64_t n = 0; n < end; n += n < 8192 ? 1 : 4093) {
        struct elf_info in;
        const char *why;
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, p, n);
        if (elf_parse(copy, n, &in, &why) != -ENOEXEC)
            bad++;
        free(copy);
    }
    CHECK(bad == 0, "%s: %d prefixes accepted", name, bad);
}

static const struct elf_info *parse_case(const char *name, struct elf_info *in,
                                         struct bad_elf_img *m)
{
    for (int i = 0; i < bad_elf_ncases; i++) {
        if (strcmp(bad_elf_cases[i].name, name) == 0) {
            const char *why;
            bad_elf_cases[i].make(m);
            elf_parse(m->buf, m->size, in, &why);
            return in;
        }
    }
    CHECK(0, "no case %s", name);
    return in;
}

static void test_cases(void)
{
    static struct bad_elf_img m;
    for (int i = 0; i < bad_elf_ncases; i++) {
        const struct bad_elf_case *c = &bad_elf_cases[i];
        struct elf_info in;
        const char *why = NULL;
        c->make(&m);
        int r = elf_parse(m.buf, m.size, &in, &why);
        if (!c->why) {
            CHECK(r == 0, "%s: %d (%s)", c->name, r, why);
            const char *bad = r ? NULL : fuzz_elf_check(m.size, &in);
            CHECK(!bad, "%s: %s", c->name, bad);
            check_prefixes(c->name, m.buf, file_end(&in));
        } else {
            CHECK(r == -ENOEXEC && why && strcmp(why, c->why) == 0,
                  "%s: got %d \"%s\", want \"%s\"", c->name, r, why, c->why);
        }
    }
    CHECK(elf_parse(NULL, 0, &(struct elf_info){0}, NULL) == -ENOEXEC,
          "NULL image");
}

static void test_fields(void)
{
    static struct bad_elf_img m;
    struct elf_info in;

    parse_case("valid_base", &in, &m);
    CHECK(in.entry == 0x401000 && !in.is_pie && in.nsegs == 3 &&
              in.lo == 0x400000 && in.hi == 0x405000 && in.phnum == 5 &&
              in.phentsize == 56 && in.phdr_vaddr == 0x400040 &&
              !in.has_interp && !in.exec_stack && in.align == 4096,
          "base fields");
    CHECK(in.segs[0].prot == 1 && in.segs[1].prot == 5 && in.segs[2].prot == 3,
          "base prot");
    CHECK(in.segs[2].vaddr == 0x402000 && in.segs[2].memsz == 0x3000 &&
              in.segs[2].offset == 0x2000 && in.segs[2].filesz == 0x100,
          "base data seg");
    parse_case("valid_pie", &in, &m);
    CHECK(in.is_pie && in.lo == 0 && in.hi == 0x5000 && in.entry == 0x1000 &&
              in.phdr_vaddr == 0x40,
          "pie fields");
    parse_case("valid_no_pt_phdr", &in, &m);
    CHECK(in.phdr_vaddr == 0x400040, "phdr from load: %lx", in.phdr_vaddr);
    parse_case("valid_pt_phdr_unmapped", &in, &m);
    CHECK(in.phdr_vaddr == 0x400040, "bad PT_PHDR: %lx", in.phdr_vaddr);
    parse_case("valid_phdrs_unmapped", &in, &m);
    CHECK(in.phdr_vaddr == 0, "phdrs unmapped: %lx", in.phdr_vaddr);
    parse_case("valid_shared_page", &in, &m);
    CHECK(in.nsegs == 3 && in.hi == 0x405000 && in.segs[2].vaddr == 0x401800,
          "shared page");
    parse_case("valid_memsz0_load", &in, &m);
    CHECK(in.nsegs == 3 && in.lo == 0x400000, "memsz 0 load skipped");
    parse_case("valid_exec_stack", &in, &m);
    CHECK(in.exec_stack, "exec stack");
    parse_case("valid_big_align", &in, &m);
    CHECK(in.align == 0x200000, "align %lx", in.align);
    parse_case("valid_odd_align", &in, &m);
    CHECK(in.align == 4096, "odd align %lx", in.align);
    parse_case("valid_tls", &in, &m);
    CHECK(in.tls_memsz == 0x40, "tls");
    parse_case("valid_16_loads", &in, &m);
    CHECK(in.nsegs == 16, "16 loads");
    parse_case("interp", &in, &m);
    CHECK(in.has_interp &&
              strcmp(in.interp, "/lib64/ld-linux-x86-64.so.2") == 0 &&
              in.nsegs == 3 && in.entry == 0x401000 &&
              !fuzz_elf_check(m.size, &in),
          "interp fields");
}

/* want: 0 static, 1 static-pie, 2 dynamic (PT_INTERP). */
/* Whether two parses agree on what elf_parse fills in. */
static int same_info(const struct elf_info *a, const struct elf_info *b)
{
    if (memcmp(a, b, offsetof(struct elf_info, segs)))
        return 0;
    for (int i = 0; i < a->nsegs; i++) /* field by field: padding */
        if (a->segs[i].vaddr != b->segs[i].vaddr ||
            a->segs[i].memsz != b->segs[i].memsz ||
            a->segs[i].offset != b->segs[i].offset ||
            a->segs[i].filesz != b->segs[i].filesz ||
            a->segs[i].prot != b->segs[i].prot)
            return 0;
    return a->has_interp == b->has_interp && !strcmp(a->interp, b->interp) &&
           a->exec_stack == b->exec_stack && a->tls_memsz == b->tls_memsz;
}

/* elf_parse_head on the first avail bytes (in a buffer of exactly that
 * size, so ASan sees any read past it) says what elf_parse says of the
 * whole file, or ELF_HEAD_SHORT. */
static void check_heads(const char *name, const uint8_t *p, uint64_t size)
{
    struct elf_info whole, head;
    const char *why_whole, *why_head;
    int want = elf_parse(p, size, &whole, &why_whole);
    static const uint64_t avails[] = {0, 1, 16, 63, 64, 100, 200, 512,
                                      4096, 8192, 65536};
    for (size_t i = 0; i < NELEM(avails); i++) {
        uint64_t avail = avails[i] < size ? avails[i] : size;
        uint8_t *h = malloc(avail ? avail : 1);
        memcpy(h, p, avail);
        int r = elf_parse_head(h, avail, size, &head, &why_head);
        CHECK(r == ELF_HEAD_SHORT ||
                  (r == want && !strcmp(why_head, why_whole) &&
                   same_info(&head, &whole)),
              "%s: head %llu: %d (%s), whole %d (%s)", name,
              (unsigned long long)avail, r, why_head, want, why_whole);
        CHECK(avail < size || r == want, "%s: all of it and still short",
              name);
        free(h);
    }
}

static void test_real(const char *path, int want)
{
    uint64_t size;
    uint8_t *p = read_file(path, &size);
    if (!p) {
        printf("test_loader: skip %s (not built: toolchain missing?)\n", path);
        return;
    }
    struct elf_info in;
    const char *why = NULL;
    int r = elf_parse(p, size, &in, &why);
    if (want == 2) {
        CHECK(r == -ENOEXEC && in.has_interp && in.interp[0] == '/' &&
                  strcmp(why, "dynamically linked: needs its interpreter") == 0,
              "%s: %d %s", path, r, why);
    } else {
        CHECK(r == 0, "%s: %d (%s)", path, r, why);
        CHECK(in.is_pie == want, "%s: is_pie %d", path, in.is_pie);
        CHECK(in.phdr_vaddr != 0, "%s: phdrs not mapped", path);
    }
    const char *bad = fuzz_elf_check(size, &in);
    CHECK(!bad, "%s: %s", path, bad);
    check_prefixes(path, p, file_end(&in));
    check_heads(path, p, size);
    free(p);
}

static void test_real_all(const char *bindir)
{
    static const struct {
        const char *name;
        int want;
    } bins[] = {
        {"musl-static", 0},    {"musl-noseparate", 0},  {"gcc-static", 0},
        {"gcc-static-pie", 1}, {"go-static", 0},        {"gcc-dynamic", 2},
        {"/bin/busybox", 0},   {"/bin/bash-static", 0}, {"/bin/ls", 2},
    };
    char path[4096];
    for (size_t i = 0; i < NELEM(bins); i++) {
        if (bins[i].name[0] == '/')
            snprintf(path, sizeof(path), "%s", bins[i].name);
        else if (bindir)
            snprintf(path, sizeof(path), "%s/%s", bindir, bins[i].name);
        else
            continue;
        test_real(path, bins[i].want);
    }
}

/* Replay fuzzer regressions: no crash, and any accepted input is sane. */
static void test_corpus(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    char path[4096];

    CHECK(d != NULL, "cannot open %s", dir);
    while (d && (e = readdir(d))) {
        struct elf_info in;
        const char *why;
        uint64_t size;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        uint8_t *p = read_file(path, &size);
        if (!p)
            continue;
        int r = elf_parse(p, size, &in, &why);
        const char *bad = NULL;
        if (r == 0 || in.has_interp)
            bad = fuzz_elf_check(size, &in);
        CHECK(!bad && (r == 0 || r == -ENOEXEC), "%s: %d %s", path, r, bad);
        if (strncmp(e->d_name, "valid_", 6) == 0)
            CHECK(r == 0, "%s: %s", path, why);
        check_heads(path, p, size);
        free(p);
        n++;
    }
    if (d)
        closedir(d);
    printf("test_loader: replayed %d corpus files from %s\n", n, dir);
}

static uint64_t rd64(const uint8_t *kbuf, uint64_t base, uint64_t uaddr)
{
    uint64_t v;
    memcpy(&v, kbuf + (uaddr - base), 8);
    return v;
}

static const char *rdstr(const uint8_t *kbuf, uint64_t base, uint64_t uaddr)
{
    return (const char *)kbuf + (uaddr - base);
}

static void test_stack_one(uint64_t top, int misalign)
{
    static uint8_t raw[8192 + 16];
    uint8_t *kbuf = raw + misalign;
    const uint64_t bufsize = 8192, base = top - bufsize;
    const char *argv[] = {"/bin/prog", "-x", "hello world"};
    const char *envp[] = {"PATH=/bin", "HOME=/"};
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(0xa0 + i);
    struct stack_args a = {
        .argc = 3,
        .argv = argv,
        .envc = 2,
        .envp = envp,
        .execfn = "/bin/prog",
        .random16 = rnd,
        .phdr = 0x400040,
        .phent = 56,
        .phnum = 5,
        .entry = 0x401000,
        .base = 0,
        .hwcap = 0x178bfbff,
        .hwcap2 = 2,
        .pagesz = 4096,
        .clktck = 100,
        .minsigstksz = 2048,
        .uid = 1,
        .euid = 2,
        .gid = 3,
        .egid = 4,
        .secure = 0,
    };
    uint64_t rsp = 0;
    struct stack_info si;

    memset(raw, 0xee, sizeof(raw));
    int r = stack_build_info(kbuf, bufsize, top, &a, &si);
    CHECK(r == 0, "stack_build %d", r);
    if (r)
        return;
    rsp = si.rsp;
    CHECK(rsp % 16 == 0, "rsp %lx not aligned", rsp);
    CHECK(rsp >= base && rsp < top, "rsp out of buffer");
    CHECK(stack_size(&a) + top % 16 == top - rsp, "stack_size %lu vs %lu",
          stack_size(&a), top - rsp);
    CHECK(kbuf[rsp - base - 1] == 0xee, "wrote below rsp");

    uint64_t u = rsp;
    CHECK(rd64(kbuf, base, u) == 3, "argc");
    u += 8;
    for (int i = 0; i < 3; i++, u += 8)
        CHECK(strcmp(rdstr(kbuf, base, rd64(kbuf, base, u)), argv[i]) == 0,
              "argv[%d]", i);
    CHECK(rd64(kbuf, base, u) == 0, "argv NULL");
    u += 8;
    for (int i = 0; i < 2; i++, u += 8)
        CHECK(strcmp(rdstr(kbuf, base, rd64(kbuf, base, u)), envp[i]) == 0,
              "envp[%d]", i);
    CHECK(rd64(kbuf, base, u) == 0, "envp NULL");
    u += 8;

    static const uint64_t order[] = {
        STACK_AT_SYSINFO_EHDR,
        STACK_AT_MINSIGSTKSZ, STACK_AT_HWCAP,  STACK_AT_PAGESZ,
        STACK_AT_CLKTCK,      STACK_AT_PHDR,   STACK_AT_PHENT,
        STACK_AT_PHNUM,       STACK_AT_BASE,   STACK_AT_FLAGS,
        STACK_AT_ENTRY,       STACK_AT_UID,    STACK_AT_EUID,
        STACK_AT_GID,         STACK_AT_EGID,   STACK_AT_SECURE,
        STACK_AT_RANDOM,      STACK_AT_HWCAP2, STACK_AT_EXECFN,
        STACK_AT_PLATFORM,    STACK_AT_NULL,
    };
    uint64_t val[64] = {0};
    for (size_t i = 0; i < NELEM(order); i++, u += 16) {
        uint64_t t = rd64(kbuf, base, u);
        CHECK(t == order[i], "auxv[%zu] type %lu, want %lu", i, t, order[i]);
        if (t < 64)
            val[t] = rd64(kbuf, base, u + 8);
    }
    CHECK(NELEM(order) == STACK_NAUXV, "STACK_NAUXV");
    CHECK(val[STACK_AT_PHDR] == 0x400040 && val[STACK_AT_PHENT] == 56 &&
              val[STACK_AT_PHNUM] == 5 && val[STACK_AT_ENTRY] == 0x401000 &&
              val[STACK_AT_PAGESZ] == 4096 && val[STACK_AT_CLKTCK] == 100 &&
              val[STACK_AT_HWCAP] == 0x178bfbff && val[STACK_AT_HWCAP2] == 2 &&
              val[STACK_AT_MINSIGSTKSZ] == 2048 && val[STACK_AT_UID] == 1 &&
              val[STACK_AT_EUID] == 2 && val[STACK_AT_GID] == 3 &&
              val[STACK_AT_EGID] == 4 && val[STACK_AT_FLAGS] == 0 &&
              val[STACK_AT_BASE] == 0 && val[STACK_AT_SECURE] == 0,
          "auxv values");
    uint64_t rp = val[STACK_AT_RANDOM];
    CHECK(rp == si.random && rp > u && rp + 16 <= top &&
              memcmp(kbuf + (rp - base), rnd, 16) == 0,
          "AT_RANDOM");
    CHECK(val[STACK_AT_PLATFORM] == rp + 16 &&
              strcmp(rdstr(kbuf, base, val[STACK_AT_PLATFORM]), "x86_64") == 0,
          "AT_PLATFORM");
    CHECK(strcmp(rdstr(kbuf, base, val[STACK_AT_EXECFN]), "/bin/prog") == 0,
          "AT_EXECFN");
    CHECK(si.arg_start > val[STACK_AT_PLATFORM] &&
              memcmp(rdstr(kbuf, base, si.arg_start),
                     "/bin/prog\0-x\0hello world\0PATH=/bin\0HOME=/\0/bin/prog",
                     50) == 0 &&
              si.arg_end == si.arg_start + 25 &&
              si.env_end == si.env_start + 17,
          "strings block");
    uint64_t top16 = top & ~15ULL;
    CHECK(si.execfn + 10 == top16 - 8 && rd64(kbuf, base, top16 - 8) == 0,
          "end marker");
    CHECK(top16 == top || kbuf[bufsize - 1] == 0xee, "wrote above top");
}

static void test_stack(void)
{
    static uint8_t kbuf[8192];
    uint8_t rnd[16] = {0};
    const char *argv[] = {"a"};
    struct stack_args a = {.argc = 1, .argv = argv, .random16 = rnd};
    uint64_t top = 0x7ffffffff000, rsp = 0;

    test_stack_one(top, 0);
    test_stack_one(top - 3, 1);
    test_stack_one(0x10000 + 8192, 3);

    uint64_t need = stack_size(&a);
    CHECK(need > 0 && need % 16 == 0, "stack_size %lu", need);
    CHECK(stack_build(kbuf + sizeof(kbuf) - need, need, top, &a, &rsp) == 0 &&
              rsp == top - need,
          "exact fit");
    CHECK(stack_build(kbuf, need - 1, top, &a, &rsp) == -E2BIG, "E2BIG");
    CHECK(stack_build(kbuf, 0, top, &a, &rsp) == -E2BIG, "E2BIG 0");
    CHECK(stack_build(kbuf, sizeof(kbuf), 100, &a, &rsp) == -EINVAL,
          "top < bufsize");

    struct stack_args z = {.random16 = rnd}; /* argc 0, no env, no execfn */
    CHECK(stack_build(kbuf, sizeof(kbuf), top, &z, &rsp) == 0 &&
              rd64(kbuf, top - sizeof(kbuf), rsp) == 0 &&
              rd64(kbuf, top - sizeof(kbuf), rsp + 8) == 0 &&
              rd64(kbuf, top - sizeof(kbuf), rsp + 16) == 0 &&
              rd64(kbuf, top - sizeof(kbuf), rsp + 24) == STACK_AT_SYSINFO_EHDR,
          "empty argv");

    struct stack_args b = a;
    b.argc = -1;
    CHECK(stack_size(&b) == 0 &&
              stack_build(kbuf, sizeof(kbuf), top, &b, &rsp) == -EINVAL,
          "argc < 0");
    const char *nullarg[] = {"a", NULL};
    b = a;
    b.argc = 2;
    b.argv = nullarg;
    CHECK(stack_size(&b) == 0 &&
              stack_build(kbuf, sizeof(kbuf), top, &b, &rsp) == -EINVAL,
          "NULL argv[1]");
    b = a;
    b.random16 = NULL;
    CHECK(stack_build(kbuf, sizeof(kbuf), top, &b, &rsp) == -EINVAL,
          "no random");
    b = a;
    b.envc = 1;
    CHECK(stack_build(kbuf, sizeof(kbuf), top, &b, &rsp) == -EINVAL,
          "NULL envp");

    /* A big argument does not fit. */
    static char big[16384];
    memset(big, 'x', sizeof(big) - 1);
    const char *bigv[] = {big};
    b = a;
    b.argv = bigv;
    CHECK(stack_size(&b) > sizeof(big) &&
              stack_build(kbuf, sizeof(kbuf), top, &b, &rsp) == -E2BIG,
          "big arg E2BIG");
}

static int write_corpus(const char *dir)
{
    static struct bad_elf_img m;
    char path[4096];
    mkdir(dir, 0755);
    for (int i = 0; i < bad_elf_ncases; i++) {
        bad_elf_cases[i].make(&m);
        snprintf(path, sizeof(path), "%s/%s", dir, bad_elf_cases[i].name);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(m.buf, 1, m.size, f) != m.size) {
            fprintf(stderr, "test_loader: cannot write %s\n", path);
            return 1;
        }
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write-corpus") == 0)
        return write_corpus(argv[2]);
    test_cases();
    test_fields();
    test_real_all(argc > 1 ? argv[1] : NULL);
    if (argc > 2)
        test_corpus(argv[2]);
    test_stack();
    printf("test_loader: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
