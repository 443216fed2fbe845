/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of ./scan: the exact syscall set and unresolved sites of the
 * assembly programs in tests/scan (their EXPECT and UNRESOLVED comments
 * say what), each kind of real program (glibc, musl, Go, busybox,
 * bash-static; skipped with a message when absent), the speed on busybox,
 * valid JSON, bad input, every prefix and byte flip of a small ELF, and
 * the fuzzer's regression inputs; with --dyn, dynamic closures
 * (test_scan_dyn.c) starting from PROG, a dynamically linked hello.
 *   test_scan [--dyn PROG] SCAN BINDIR [CORPUSDIR...]
 */
#include <dirent.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/test_scan.h"

int test_passed, test_failed;
static int have_python;

uint8_t *test_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *p = n >= 0 ? malloc(n > 0 ? (size_t)n : 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return p;
}

static void slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
}

int test_run(const char *cmd, char *out, size_t outcap, char *err,
             size_t errcap)
{
    char o[] = "/tmp/test_scan_outXXXXXX", e[] = "/tmp/test_scan_errXXXXXX";
    char full[4096];
    int fo = mkstemp(o), fe = mkstemp(e);
    if (fo < 0 || fe < 0)
        return -1;
    close(fo);
    close(fe);
    snprintf(full, sizeof(full), "%s >%s 2>%s", cmd, o, e);
    int st = system(full);
    slurp(o, out, outcap);
    slurp(e, err, errcap);
    unlink(o);
    unlink(e);
    return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Distinct syscall numbers of res, sorted. */
static size_t numbers(const struct scan_result *res, uint32_t *nrs, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nhits && n < cap; i++)
        if (n == 0 || nrs[n - 1] != res->hits[i].nr)
            nrs[n++] = res->hits[i].nr;
    return n;
}

static int has_nr(const struct scan_result *res, uint32_t nr)
{
    for (size_t i = 0; i < res->nhits; i++)
        if (res->hits[i].nr == nr)
            return 1;
    return 0;
}

static size_t in_wrappers(const struct scan_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nunres; i++)
        n += res->unres[i].wrapper != NULL;
    return n;
}

/* The JSON is valid and has as many syscalls and unresolved sites. */
static void check_json(const char *scan, const char *file,
                       const struct scan_result *res)
{
    char cmd[2048], out[256], err[1024], want[64];
    size_t nrs;
    uint32_t buf[1024];
    if (!have_python)
        return;
    snprintf(cmd, sizeof(cmd),
             "'%s' --json '%s' | python3 -c 'import json, sys; "
             "d = json.load(sys.stdin); assert d[\"file\"] == sys.argv[1]; "
             "print(len(d[\"syscalls\"]), len(d[\"unresolved\"]))' '%s'",
             scan, file, file);
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    nrs = numbers(res, buf, 1024);
    snprintf(want, sizeof(want), "%zu %zu\n", nrs, res->nunres);
    CHECK(st == 0 && strcmp(out, want) == 0,
          "%s: --json: status %d, counts %s not %s %s", file, st, out, want,
          err);
}

struct expect {
    uint32_t nrs[64];
    size_t n, unres, wrappers;
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* EXPECT lines list numbers (up to a colon); each UNRESOLVED line is one
 * unresolved site, "UNRESOLVED wrapper" one in a wrapper. */
static void parse_expect(const char *src, struct expect *e)
{
    char line[512];
    FILE *f = fopen(src, "r");
    memset(e, 0, sizeof(*e));
    CHECK(f != NULL, "cannot read %s", src);
    while (f && fgets(line, sizeof(line), f)) {
        char *p = strstr(line, "EXPECT"), *end;
        if (strstr(line, "UNRESOLVED")) {
            e->unres++;
            e->wrappers += strstr(line, "UNRESOLVED wrapper") != NULL;
        }
        if (!p)
            continue;
        if ((end = strchr(p, ':')))
            *end = 0;
        for (p = strtok(p + 6, " ,\n"); p; p = strtok(NULL, " ,\n"))
            if (*p >= '0' && *p <= '9' && e->n < 64)
                e->nrs[e->n++] = (uint32_t)strtoul(p, NULL, 10);
    }
    if (f)
        fclose(f);
    qsort(e->nrs, e->n, sizeof(e->nrs[0]), cmp_u32);
}

/* The assembly program name, built from src: exactly what it says. */
static void test_known(const char *scan, const char *bins, const char *name,
                       const char *src)
{
    char path[512], cmd[1024], out[8192], err[1024], want[128];
    struct expect e;
    struct scan_result res;
    char why[SCAN_WHY] = "";
    uint32_t got[256];
    size_t size;
    int missing = 0;

    parse_expect(src, &e);
    snprintf(path, sizeof(path), "%s/%s", bins, name);
    uint8_t *data = test_read(path, &size);
    CHECK(data != NULL, "cannot read %s", path);
    if (!data)
        return;
    CHECK(scan_memory(data, size, &res, why) == 0, "%s: %s", name, why);
    size_t n = numbers(&res, got, 256);
    int same = n == e.n && memcmp(got, e.nrs, n * sizeof(got[0])) == 0;
    CHECK(same, "%s: %zu syscalls found, %zu expected", name, n, e.n);
    for (size_t i = 0; !same && i < n; i++)
        printf("  found %u\n", got[i]);
    CHECK(res.nunres == e.unres, "%s: %zu unresolved sites, %zu expected", name,
          res.nunres, e.unres);
    CHECK(in_wrappers(&res) == e.wrappers, "%s: %zu in wrappers, not %zu", name,
          in_wrappers(&res), e.wrappers);
    CHECK(res.recovered >= 1, "%s: the hidden syscall was not recovered", name);

    /* the command line: summary, exit status */
    for (size_t i = 0; i < e.n; i++) {
        const char *nm;
        char buf[24];
        missing |= scan_syscall_info(e.nrs[i], &nm, buf) == SCAN_MISSING;
    }
    snprintf(cmd, sizeof(cmd), "'%s' '%s'", scan, path);
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    CHECK(st == missing, "%s: exit status %d, not %d", name, st, missing);
    snprintf(want, sizeof(want), "\n%zu syscalls: ", e.n);
    CHECK(strstr(out, want) != NULL, "%s: no '%s' in output", name, want + 1);
    snprintf(want, sizeof(want), "; %zu unresolved site%s%s\n", e.unres,
             e.unres == 1 ? "" : "s",
             e.wrappers ? " (1 in wrapper syscall)" : "");
    CHECK(strstr(out, want) != NULL, "%s: no '%s' in:\n%s", name, want, out);
    check_json(scan, path, &res);
    scan_result_free(&res);
    free(data);
}

/* known.S with its section headers cut off (as sstrip leaves a file):
 * the same numbers from the segments alone, but no symbol names, so no
 * wrapper is named. */
static void test_no_sections(const char *bins)
{
    char path[512], why[SCAN_WHY] = "";
    struct expect e;
    struct scan_result res;
    uint32_t got[256];
    size_t size;
    parse_expect("tests/scan/known.S", &e);
    snprintf(path, sizeof(path), "%s/known", bins);
    uint8_t *data = test_read(path, &size);
    if (!data || size < sizeof(Elf64_Ehdr))
        return;
    Elf64_Ehdr *eh = (Elf64_Ehdr *)data;
    eh->e_shoff = 0;
    eh->e_shnum = 0;
    eh->e_shstrndx = 0;
    CHECK(scan_memory(data, size, &res, why) == 0, "no sections: %s", why);
    size_t n = numbers(&res, got, 256);
    CHECK(n == e.n && memcmp(got, e.nrs, n * sizeof(got[0])) == 0,
          "no sections: %zu syscalls found, %zu expected", n, e.n);
    CHECK(res.nunres == e.unres && in_wrappers(&res) == 0,
          "no sections: %zu unresolved (%zu in wrappers), expected %zu (0)",
          res.nunres, in_wrappers(&res), e.unres);
    scan_result_free(&res);
    free(data);
}

/* A file name that needs escaping comes back intact from --json. */
static void test_escape(const char *scan, const char *bins)
{
    char from[512], to[512], why[SCAN_WHY] = "";
    struct scan_result res;
    size_t size;
    snprintf(from, sizeof(from), "%s/known", bins);
    snprintf(to, sizeof(to), "%s/we\"i\\rd\tn\xc3\xa9me", bins);
    uint8_t *data = test_read(from, &size);
    FILE *f = fopen(to, "wb");
    CHECK(data && f && fwrite(data, 1, size, f) == size, "cannot copy %s",
          from);
    if (f)
        fclose(f);
    if (data && scan_memory(data, size, &res, why) == 0) {
        check_json(scan, to, &res);
        scan_result_free(&res);
    }
    free(data);
}

/* A real program: it scans, finds at least min syscalls and the ones in
 * need (0-terminated), names its wrapper and resolves calls through via. */
static void test_kind(const char *scan, const char *kind, const char *path,
                      size_t min, const uint32_t *need, const char *wrapper,
                      const char *via)
{
    char cmd[1024], out[65536], err[1024], why[SCAN_WHY] = "";
    struct scan_result res;
    uint32_t got[1024];
    size_t size;
    uint8_t *data = test_read(path, &size);
    if (!data) {
        printf("test_scan: skip %s: no %s (toolchain or package missing)\n",
               kind, path);
        return;
    }
    CHECK(scan_memory(data, size, &res, why) == 0, "%s: %s", kind, why);
    size_t n = numbers(&res, got, 1024);
    CHECK(n >= min, "%s: only %zu syscalls", kind, n);
    for (; *need; need++)
        CHECK(has_nr(&res, *need), "%s: syscall %u not found", kind, *need);
    int named = !wrapper, through = !via;
    for (size_t i = 0; wrapper && i < res.nunres; i++)
        named |= res.unres[i].wrapper &&
                 strstr(res.unres[i].wrapper, wrapper) != NULL;
    for (size_t i = 0; via && i < res.nhits; i++)
        through |= res.hit_via[i] && strcmp(res.hit_via[i], via) == 0;
    CHECK(named, "%s: no unresolved site in wrapper %s", kind, wrapper);
    CHECK(through, "%s: no number resolved through %s", kind, via);

    snprintf(cmd, sizeof(cmd), "'%s' '%s'", scan, path);
    double t0 = now();
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    double dt = now() - t0;
    CHECK(st == 0 || st == 1, "%s: exit status %d: %s", kind, st, err);
    CHECK(dt < 1.0, "%s: took %.3f s", kind, dt);
    printf("test_scan: %s: %zu syscalls, %zu unresolved sites "
           "(%zu in wrappers), %zu recovered, %.3f s\n",
           kind, n, res.nunres, in_wrappers(&res), res.recovered, dt);
    check_json(scan, path, &res);
    scan_result_free(&res);
    free(data);
}

/* scan_memory on data[0..n): never crashes; fails with a reason. */
static int scan_one(const uint8_t *data, size_t n)
{
    struct scan_result res;
    char why[SCAN_WHY] = "";
    uint8_t *copy = malloc(n ? n : 1);
    memcpy(copy, data, n);
    int r = scan_memory(copy, n, &res, why);
    int ok = r == 0 || (r == -1 && why[0] && !strchr(why, '\n'));
    if (r == 0) {
        FILE *f = fopen("/dev/null", "w");
        scan_report(f, "x", &res, 0);
        scan_report(f, "x", &res, 1);
        fclose(f);
    }
    scan_result_free(&res);
    free(copy);
    return ok;
}

/* Every prefix, and every byte of the headers flipped. */
static void test_mutations(const char *path)
{
    size_t size, bad = 0, runs = 0;
    uint8_t *data = test_read(path, &size);
    CHECK(data != NULL, "cannot read %s", path);
    for (size_t n = 0; data && n <= size; n += n < 1024 ? 1 : 97, runs++)
        bad += !scan_one(data, n);
    for (size_t i = 0; data && i < size; i++) {
        if (i >= 512 && i + 1024 < size)
            continue; /* the headers are at either end */
        data[i] ^= 0xff;
        bad += !scan_one(data, size);
        data[i] ^= 0xff;
        runs++;
    }
    CHECK(bad == 0, "%s: %zu of %zu mutations failed without a reason", path,
          bad, runs);
    free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every input of a fuzzer corpus through the harness itself, which
 * aborts if one breaks its promises. */
static void replay(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;
    if (!d) {
        printf("test_scan: no corpus %s\n", dir);
        return;
    }
    while ((de = readdir(d))) {
        char path[1024];
        size_t size;
        uint8_t *data;
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (!(data = test_read(path, &size)))
            continue;
        CHECK(LLVMFuzzerTestOneInput(data, size) == 0, "%s", path);
        free(data);
        n++;
    }
    closedir(d);
    printf("test_scan: replayed %zu inputs of %s\n", n, dir);
}

int main(int argc, char **argv)
{
    static const uint32_t c_need[] = {231, 0};
    static const uint32_t go_need[] = {1, 202, 231, 0};
    static const uint32_t sh_need[] = {59, 61, 231, 0};
    char p[512], q[512];
    const char *dynhello = NULL;
    if (argc >= 3 && strcmp(argv[1], "--dyn") == 0) {
        dynhello = argv[2];
        argc -= 2;
        argv += 2;
    }
    if (argc < 3) {
        fprintf(stderr,
                "usage: test_scan [--dyn PROG] SCAN BINDIR [CORPUSDIR...]\n");
        return 2;
    }
    const char *scan = argv[1], *bins = argv[2];
    have_python = system("python3 -c '' 2>/dev/null") == 0;
    if (!have_python)
        printf("test_scan: skip the JSON checks: no python3\n");

    test_known(scan, bins, "known", "tests/scan/known.S");
    test_known(scan, bins, "stripped", "tests/scan/stripped.S");
    snprintf(p, sizeof(p), "%s/known", bins);
    snprintf(q, sizeof(q), "%s/bad", bins);
    test_bad_inputs(scan, p, q);
    test_mutations(p);
    test_no_sections(bins);
    test_escape(scan, bins);

    snprintf(p, sizeof(p), "%s/glibc-hello", bins);
    test_kind(scan, "glibc hello", p, 10, c_need, NULL, NULL);
    snprintf(p, sizeof(p), "%s/musl-hello", bins);
    test_kind(scan, "musl hello", p, 5, c_need, NULL, NULL);
    snprintf(p, sizeof(p), "%s/go-hello", bins);
    test_kind(scan, "go hello", p, 20, go_need, "Syscall6", "syscall.Syscall");
    test_kind(scan, "busybox", "/bin/busybox", 100, sh_need, NULL, NULL);
    test_kind(scan, "bash-static", "/bin/bash-static", 50, sh_need, NULL, NULL);

    if (dynhello)
        test_dynamic(scan, bins, dynhello);

    for (int i = 3; i < argc; i++)
        replay(argv[i]);
    printf("test_scan: %d passed, %d failed\n", test_passed, test_failed);
    return test_failed != 0;
}
