/* SPDX-License-Identifier: MIT */
/*
 * The program and, if it is dynamically linked, every object ld.so would
 * load for it: the interpreter (PT_INTERP, loaded first, so its soname
 * answers later DT_NEEDED entries), then the DT_NEEDED libraries breadth
 * first, each object once (by soname, the name it was loaded for, or
 * realpath), at most MAX_OBJECTS.  Each object goes through scan_memory
 * and into one merged result.  A musl interpreter is also libc, libm,
 * libpthread, ... as musl's loader has it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/scan/scan.h"

#define MAX_FILE (1ULL << 30)
#define MAX_OBJECTS 512
#define LDCACHE "/etc/ld.so.cache"

struct node {
    struct scan_dyn dyn;
    char *real;      /* realpath, NULL if it failed */
    char *origin;    /* directory for $ORIGIN */
    char *loaded_as; /* the DT_NEEDED name it was found for, or NULL */
    int parent;      /* index of the object that needed it, -1 */
};

struct closure {
    struct node *nodes; /* parallel to res->objs */
    struct scan_result *res;
    struct scan_ldcache *cache;
    struct scan_loader *chain; /* scratch for scan_search */
    int musl;
    int incomplete; /* a library not found or not scanned */
    int capped;     /* MAX_OBJECTS reached */
    FILE *err;
};

static int read_fd(int fd, const struct stat *st, uint8_t **data, size_t *size,
                   char *why)
{
    const char *bad = S_ISDIR(st->st_mode)               ? "is a directory"
                      : !S_ISREG(st->st_mode)            ? "not a regular file"
                      : (uint64_t)st->st_size > MAX_FILE ? "file too large"
                                                         : NULL;
    if (bad)
        return snprintf(why, SCAN_WHY, "%s", bad), -1;
    *size = (size_t)st->st_size;
    *data = malloc(*size ? *size : 1);
    if (!*data)
        return snprintf(why, SCAN_WHY, "out of memory"), -1;
    for (size_t got = 0; got < *size;) {
        ssize_t n = read(fd, *data + got, *size - got);
        if (n <= 0)
            return snprintf(why, SCAN_WHY, "%s",
                            n < 0 ? strerror(errno) : "file shrank while read"),
                   -1;
        got += (size_t)n;
    }
    return 0;
}

int scan_read_file(const char *path, uint8_t **data, size_t *size, char *why)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *data = NULL;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, SCAN_WHY, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int r = read_fd(fd, &st, data, size, why);
    close(fd);
    if (r) {
        free(*data);
        *data = NULL;
    }
    return r;
}

/* The directory of path (made absolute; symlinks resolved if real). */
static char *origin_of(const char *path, const char *real)
{
    char cwd[PATH_MAX], buf[2 * PATH_MAX];
    if (real)
        snprintf(buf, sizeof(buf), "%s", real);
    else if (path[0] != '/' && getcwd(cwd, sizeof(cwd)))
        snprintf(buf, sizeof(buf), "%s/%s", cwd, path);
    else
        snprintf(buf, sizeof(buf), "%s", path);
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = 0;
    return strdup(slash && buf[0] ? buf : "/");
}

/* Read, scan and merge the object at path into slot k; nothing it needs
 * is followed if that fails. */
static int scan_object(struct closure *c, size_t k, const char *path)
{
    struct scan_result part;
    char why[SCAN_WHY];
    uint8_t *data = NULL;
    size_t size = 0;
    int r = scan_read_file(path, &data, &size, why), scanned = r == 0;
    if (scanned)
        r = scan_memory(data, size, &part, why);
    if (r == 0 && scan_dyn_read(data, size, &c->nodes[k].dyn, why) != 0)
        scan_dyn_free(&c->nodes[k].dyn); /* scanned, but not followed */
    free(data);
    if (r != 0) {
        fprintf(c->err, "scan: %s: %s\n", path, why);
        c->res->objs[k].failed = 1;
        c->incomplete = 1;
        if (scanned)
            scan_result_free(&part);
        return 0;
    }
    return scan_merge(c->res, &part, (uint32_t)k);
}

static int add_object(struct closure *c, const char *path, int parent,
                      const char *as)
{
    struct scan_result *res = c->res;
    size_t k = res->nobjs;
    if (k == MAX_OBJECTS) {
        if (!c->capped)
            fprintf(c->err, "scan: %s: more than %d objects; not all scanned\n",
                    res->objs[0].path, MAX_OBJECTS);
        c->incomplete = c->capped = 1;
        return 0;
    }
    struct node *n = &c->nodes[k];
    res->objs[k].path = strdup(path);
    n->real = realpath(path, NULL);
    n->origin = origin_of(path, parent < 0 ? n->real : NULL);
    n->loaded_as = as ? strdup(as) : NULL;
    n->parent = parent;
    res->nobjs++;
    if (!res->objs[k].path || !n->origin || (as && !n->loaded_as))
        return -1;
    return scan_object(c, k, path);
}

static int not_found(struct closure *c, int needer, const char *name)
{
    struct scan_result *res = c->res;
    c->incomplete = 1;
    for (size_t i = 0; i < res->nnotfound; i++)
        if (strcmp(res->notfound[i], name) == 0)
            return 0;
    char **p = realloc(res->notfound, (res->nnotfound + 1) * sizeof(*p));
    if (!p)
        return -1;
    res->notfound = p;
    if (!(p[res->nnotfound] = strdup(name)))
        return -1;
    res->nnotfound++;
    fprintf(c->err, "scan: %s: needs %s, not found\n", res->objs[needer].path,
            name);
    return 0;
}

/* Is name one of musl's libc names (libc.so, libm.so.6, ...)? */
static int musl_libc_name(const char *name)
{
    static const char *const libs[] = {"c",  "pthread", "rt",  "m",
                                       "dl", "util",    "xnet"};
    if (strncmp(name, "lib", 3) != 0)
        return 0;
    for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
        size_t n = strlen(libs[i]);
        if (strncmp(name + 3, libs[i], n) == 0 &&
            strncmp(name + 3 + n, ".so", 3) == 0 &&
            (name[6 + n] == 0 || name[6 + n] == '.'))
            return 1;
    }
    return 0;
}

/* Already loaded under that name (DT_SONAME, the DT_NEEDED name it was
 * loaded for, its path) or, with real, as that file? */
static int loaded(const struct closure *c, const char *name, const char *real)
{
    for (size_t k = 0; k < c->res->nobjs; k++) {
        const struct node *n = &c->nodes[k];
        if ((n->dyn.soname && strcmp(n->dyn.soname, name) == 0) ||
            (n->loaded_as && strcmp(n->loaded_as, name) == 0) ||
            (real && n->real && strcmp(n->real, real) == 0) ||
            (k > 0 && strcmp(c->res->objs[k].path, name) == 0))
            return 1;
    }
    return 0;
}

/* The loader chain from object k up to the program, into c->chain. */
static const struct scan_loader *chain_of(struct closure *c, int k)
{
    size_t d = 0;
    for (int i = k; i >= 0; i = c->nodes[i].parent, d++)
        c->chain[d] =
            (struct scan_loader){&c->nodes[i].dyn, c->nodes[i].origin, NULL};
    for (size_t i = 0; i + 1 < d; i++)
        c->chain[i].up = &c->chain[i + 1];
    return c->chain;
}

static int need(struct closure *c, int k, const char *name)
{
    if ((c->musl && musl_libc_name(name)) || loaded(c, name, NULL))
        return 0;
    char *path = scan_search(name, chain_of(c, k), c->cache, c->musl);
    if (!path)
        return not_found(c, k, name);
    char *real = realpath(path, NULL);
    int r = loaded(c, name, real) ? 0 : add_object(c, path, k, name);
    free(real);
    free(path);
    return r;
}

/* Everything after the program (objs[0]): interpreter, then breadth
 * first. */
static int follow(struct closure *c, const char *interp)
{
    if (interp) {
        const char *base = strrchr(interp, '/');
        c->musl = strncmp(base ? base + 1 : interp, "ld-musl-", 8) == 0;
        if (!scan_is_x86_64_dso(interp) ? not_found(c, 0, interp)
                                        : add_object(c, interp, 0, NULL))
            return -1;
    }
    for (size_t k = 0; k < c->res->nobjs; k++)
        for (size_t i = 0; i < c->nodes[k].dyn.nneeded; i++)
            if (need(c, (int)k, c->nodes[k].dyn.needed[i]))
                return -1;
    return scan_merge_finish(c->res);
}

static void closure_free(struct closure *c)
{
    for (size_t k = 0; c->nodes && k < MAX_OBJECTS; k++) {
        scan_dyn_free(&c->nodes[k].dyn);
        free(c->nodes[k].real);
        free(c->nodes[k].origin);
        free(c->nodes[k].loaded_as);
    }
    free(c->nodes);
    free(c->chain);
    scan_ldcache_close(c->cache);
}

/* The closure of the program at path, whose own scan is part and whose
 * dynamic section is dyn (both are taken over). */
static int closure(const char *path, struct scan_result *part,
                   struct scan_dyn *dyn, struct scan_result *res,
                   struct closure *c)
{
    c->res = res;
    res->dynamic = part->dynamic;
    res->objs = calloc(MAX_OBJECTS, sizeof(*res->objs));
    c->nodes = calloc(MAX_OBJECTS, sizeof(*c->nodes));
    c->chain = calloc(MAX_OBJECTS, sizeof(*c->chain));
    if (!res->objs || !c->nodes || !c->chain ||
        !(res->objs[0].path = strdup(path)))
        return -1;
    c->nodes[0].dyn = *dyn;
    memset(dyn, 0, sizeof(*dyn));
    c->nodes[0].real = realpath(path, NULL);
    c->nodes[0].origin = origin_of(path, c->nodes[0].real);
    c->nodes[0].parent = -1;
    res->nobjs = 1;
    if (!c->nodes[0].origin || scan_merge(res, part, 0))
        return -1;
    c->cache = scan_ldcache_open(LDCACHE);
    return follow(c, c->nodes[0].dyn.interp);
}

int scan_closure(const char *path, struct scan_result *res, int *incomplete,
                 FILE *err, char *why)
{
    struct scan_result part;
    struct scan_dyn dyn;
    struct closure c = {.err = err};
    uint8_t *data = NULL;
    size_t size = 0;
    char dwhy[SCAN_WHY];

    memset(res, 0, sizeof(*res));
    *incomplete = 0;
    if (scan_read_file(path, &data, &size, why))
        return -1;
    if (scan_memory(data, size, &part, why)) {
        scan_result_free(&part);
        free(data);
        return -1;
    }
    int bad = scan_dyn_read(data, size, &dyn, dwhy) != 0;
    free(data);
    if (bad || (!dyn.interp && dyn.nneeded == 0)) {
        if (bad && part.dynamic)
            fprintf(err,
                    "scan: %s: dynamically linked; its shared "
                    "libraries are not scanned\n",
                    path);
        scan_dyn_free(&dyn);
        *res = part; /* a static program: the scan as it always was */
        return 0;
    }
    int r = closure(path, &part, &dyn, res, &c);
    scan_result_free(&part);
    scan_dyn_free(&dyn);
    closure_free(&c);
    *incomplete = c.incomplete;
    if (r)
        snprintf(why, SCAN_WHY, "out of memory");
    return r;
}
