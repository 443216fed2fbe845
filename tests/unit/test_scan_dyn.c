/* SPDX-License-Identifier: MIT */
/*
 * Dynamic closures in ./scan: the gcc-built dynamic hello of `make bins`
 * is followed into libc.so.6 and ld-linux-x86-64.so.2; libraries are
 * found through DT_RUNPATH and DT_RPATH with $ORIGIN (a 32-bit impostor
 * passed over); a library that is gone gives one "not found" line and
 * status 1; musl's loader is its libc; python3 scans in reasonable time;
 * the ld.so cache and dynamic-section parsers survive every prefix.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/test_scan.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int is_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Index of the object whose file name (or path's tail) is name, or -1. */
static int object(const struct scan_result *res, const char *name)
{
    size_t n = strlen(name);
    for (size_t k = 0; k < res->nobjs; k++) {
        const char *p = res->objs[k].path;
        size_t len = strlen(p);
        if (len >= n && strcmp(p + len - n, name) == 0 &&
            (len == n || p[len - n - 1] == '/'))
            return (int)k;
    }
    return -1;
}

/* Does syscall nr have a site in object k? */
static int from(const struct scan_result *res, uint32_t nr, int k)
{
    for (size_t i = 0; k >= 0 && i < res->nhits; i++)
        if (res->hits[i].nr == nr && res->hit_obj[i] == (uint32_t)k)
            return 1;
    return 0;
}

/* The exit status ./scan owes for res: 1 if a syscall is missing. */
static int want_status(const struct scan_result *res, int incomplete)
{
    int missing = incomplete;
    for (size_t i = 0; i < res->nhits; i++) {
        const char *name;
        char buf[24];
        missing |=
            scan_syscall_info(res->hits[i].nr, &name, buf) == SCAN_MISSING;
    }
    return missing;
}

/* Scan path through the library and the command line: both agree, and
 * the stderr of the command is err_want (or empty).  res is kept. */
static int closure(const char *scan, const char *path, struct scan_result *res,
                   const char *err_want, double *dt)
{
    char cmd[1024], out[1 << 16], err[1024], why[SCAN_WHY] = "";
    int inc = 0;
    FILE *null = fopen("/dev/null", "w");
    int r = scan_closure(path, res, &inc, null, why);
    fclose(null);
    CHECK(r == 0, "%s: %s", path, why);
    snprintf(cmd, sizeof(cmd), "'%s' '%s'", scan, path);
    double t0 = now();
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    if (dt)
        *dt = now() - t0;
    CHECK(st == want_status(res, inc), "%s: exit status %d, not %d", path, st,
          want_status(res, inc));
    CHECK(strcmp(err, err_want ? err_want : "") == 0, "%s: stderr '%s'", path,
          err);
    CHECK(strstr(out, "  SITES  UNRES  OBJECT\n") && strstr(out, "  FROM\n"),
          "%s: no objects or FROM column in:\n%.2000s", path, out);
    return st;
}

static void check_json(const char *scan, const char *path, const char *lib)
{
    char cmd[2048], out[256], err[1024];
    if (system("python3 -c '' 2>/dev/null") != 0)
        return;
    snprintf(cmd, sizeof(cmd),
             "'%s' --json '%s' | python3 -c 'import json, sys; "
             "d = json.load(sys.stdin); lib = sys.argv[1]; "
             "objs = [o[\"path\"] for o in d[\"objects\"]]; "
             "libs = [p for p in objs if p.endswith(\"/\" + lib)]; "
             "assert len(libs) == 1, objs; "
             "s = {x[\"nr\"]: x for x in d[\"syscalls\"]}; "
             "assert libs[0] in s[1][\"objects\"], s[1]; "
             "assert libs[0] in s[231][\"objects\"], s[231]; "
             "print(\"ok\")' '%s'",
             scan, path, lib);
    int st = test_run(cmd, out, sizeof(out), err, sizeof(err));
    CHECK(st == 0 && strcmp(out, "ok\n") == 0, "%s --json: %s %s", path, out,
          err);
}

/* The glibc dynamic hello: its closure and where write and exit_group
 * come from. */
static void test_glibc(const char *scan, const char *path)
{
    struct scan_result res;
    if (!is_file(path)) {
        printf("test_scan: skip the dynamic hello: no %s (make bins)\n", path);
        return;
    }
    closure(scan, path, &res, NULL, NULL);
    int libc = object(&res, "libc.so.6");
    int ld = object(&res, "ld-linux-x86-64.so.2");
    CHECK(libc > 0 && ld > 0, "%s: libc.so.6 %d, ld-linux-x86-64.so.2 %d", path,
          libc, ld);
    CHECK(from(&res, 1, libc) && from(&res, 231, libc),
          "%s: write or exit_group not from libc.so.6", path);
    CHECK(res.nnotfound == 0, "%s: %zu not found", path, res.nnotfound);
    check_json(scan, path, "libc.so.6");
    printf("test_scan: dynamic hello: %zu objects, %zu sites\n", res.nobjs,
           res.nhits);
    scan_result_free(&res);
}

/* libfound.so.1 next to the program: through DT_RUNPATH (after the
 * 32-bit copy in lib32) and DT_RPATH. */
static void test_paths(const char *scan, const char *bins)
{
    static const char *const names[] = {"dyn-runpath", "dyn-rpath"};
    for (int i = 0; i < 2; i++) {
        char path[512];
        struct scan_result res;
        snprintf(path, sizeof(path), "%s/%s", bins, names[i]);
        if (!is_file(path)) {
            printf("test_scan: skip %s: not built\n", names[i]);
            continue;
        }
        closure(scan, path, &res, NULL, NULL);
        CHECK(object(&res, "lib/libfound.so.1") > 0 &&
                  object(&res, "lib32/libfound.so.1") < 0,
              "%s: libfound.so.1 not found in $ORIGIN/lib", names[i]);
        CHECK(object(&res, "libc.so.6") > 0, "%s: no libc.so.6", names[i]);
        scan_result_free(&res);
    }
}

/* A DT_NEEDED library that is gone: one line, status 1, the rest scanned. */
static void test_missing(const char *scan, const char *bins)
{
    char path[512], err[1024];
    struct scan_result res;
    snprintf(path, sizeof(path), "%s/dyn-missing", bins);
    if (!is_file(path)) {
        printf("test_scan: skip dyn-missing: not built\n");
        return;
    }
    snprintf(err, sizeof(err), "scan: %s: needs libnosuch.so.9, not found\n",
             path);
    int st = closure(scan, path, &res, err, NULL);
    CHECK(st == 1, "dyn-missing: exit status %d", st);
    CHECK(res.nnotfound == 1 && strcmp(res.notfound[0], "libnosuch.so.9") == 0,
          "dyn-missing: %zu not found", res.nnotfound);
    CHECK(object(&res, "libc.so.6") > 0, "dyn-missing: libc.so.6 not scanned");
    scan_result_free(&res);
}

/* musl: the interpreter is libc; its DT_NEEDED "libc.so" is itself. */
static void test_musl(const char *scan, const char *bins)
{
    char path[512];
    struct scan_result res;
    snprintf(path, sizeof(path), "%s/musl-dyn-hello", bins);
    if (!is_file(path) || !is_file("/lib/ld-musl-x86_64.so.1")) {
        printf("test_scan: skip musl-dyn-hello: no musl-gcc or loader\n");
        return;
    }
    closure(scan, path, &res, NULL, NULL);
    int ld = object(&res, "ld-musl-x86_64.so.1");
    CHECK(res.nobjs == 2 && ld == 1, "musl-dyn-hello: %zu objects", res.nobjs);
    CHECK(from(&res, 1, ld) && from(&res, 231, ld),
          "musl-dyn-hello: write or exit_group not from the loader");
    scan_result_free(&res);
}

/* A big real program: no crash, and not slow. */
static void test_python(const char *scan)
{
    const char *path = "/usr/bin/python3";
    struct scan_result res;
    double dt = 0;
    if (!is_file(path)) {
        printf("test_scan: skip python3: no %s\n", path);
        return;
    }
    closure(scan, path, &res, NULL, &dt);
    CHECK(object(&res, "libc.so.6") > 0, "python3: no libc.so.6");
    CHECK(dt < 60, "python3: took %.1f s", dt);
    size_t n = 0;
    for (size_t i = 0; i < res.nhits; i++)
        n += i == 0 || res.hits[i].nr != res.hits[i - 1].nr;
    printf("test_scan: python3: %zu objects, %zu syscalls, %.3f s\n", res.nobjs,
           n, dt);
    scan_result_free(&res);
}

/* Every prefix of a file through parse (which must not crash). */
static void prefixes(const char *path, void (*parse)(uint8_t *, size_t))
{
    size_t size;
    uint8_t *data = test_read(path, &size);
    if (!data)
        return;
    for (size_t n = 0; n <= size; n += n < 4096 ? 1 : 211) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, data, n);
        parse(copy, n);
    }
    free(data);
}

static void parse_cache(uint8_t *data, size_t size)
{
    struct scan_ldcache *c = scan_ldcache_parse(data, size);
    for (size_t i = 0; scan_ldcache_lookup(c, "libc.so.6", i); i++)
        ;
    scan_ldcache_close(c);
}

static void parse_dyn(uint8_t *data, size_t size)
{
    struct scan_dyn dyn;
    char why[SCAN_WHY];
    scan_dyn_read(data, size, &dyn, why);
    scan_dyn_free(&dyn);
    free(data);
}

static void test_parsers(const char *dynhello)
{
    struct scan_ldcache *c = scan_ldcache_open("/etc/ld.so.cache");
    const char *p = scan_ldcache_lookup(c, "libc.so.6", 0);
    if (c)
        CHECK(p && strstr(p, "/libc.so.6"), "ld.so.cache: libc.so.6 is %s",
              p ? p : "absent");
    scan_ldcache_close(c);
    prefixes("/etc/ld.so.cache", parse_cache);
    prefixes(dynhello, parse_dyn);
}

void test_dynamic(const char *scan, const char *bins, const char *dynhello)
{
    struct scan_result res;
    char path[512], why[SCAN_WHY];
    int inc;
    snprintf(path, sizeof(path), "%s/glibc-hello", bins);
    if (is_file(path)) { /* a static program is no closure */
        CHECK(scan_closure(path, &res, &inc, stderr, why) == 0 &&
                  res.nobjs == 0 && !inc,
              "glibc-hello: a closure of %zu objects", res.nobjs);
        scan_result_free(&res);
    }
    test_glibc(scan, dynhello);
    test_paths(scan, bins);
    test_missing(scan, bins);
    test_musl(scan, bins);
    test_python(scan);
    test_parsers(dynhello);
}
