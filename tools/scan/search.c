/* SPDX-License-Identifier: MIT */
/*
 * Where the dynamic linker finds a DT_NEEDED library, on this host and
 * independent of the environment (LD_LIBRARY_PATH, LD_PRELOAD and
 * /etc/ld.so.preload are never read).
 *   glibc: a name with a slash is a path.  Otherwise the DT_RPATH of the
 *   needing object, then of the object that loaded it, up to the program
 *   (only if the needing object has no DT_RUNPATH, and skipping objects
 *   that have one); the needing object's DT_RUNPATH; /etc/ld.so.cache;
 *   the default directories.  The last two not under DF_1_NODEFLIB.
 *   musl: DT_RUNPATH (else DT_RPATH) of the chain up to the program, then
 *   /etc/ld-musl-x86_64.path or /lib:/usr/local/lib:/usr/lib.
 * $ORIGIN and ${ORIGIN} are expanded; a directory with another dynamic
 * string token ($LIB, $PLATFORM) is skipped.  Like ld.so, a candidate
 * that is not a 64-bit x86-64 shared object is passed over.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/scan/scan.h"

#define MAX_PATH 4096

static const char *const default_dirs[] = {
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
    NULL,
};

static const char musl_default[] = "/lib:/usr/local/lib:/usr/lib";
#define MUSL_PATH_FILE "/etc/ld-musl-x86_64.path"

int scan_is_x86_64_dso(const char *path)
{
    Elf64_Ehdr eh;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, &eh, sizeof(eh));
    close(fd);
    return n == (ssize_t)sizeof(eh) &&
           memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
           eh.e_ident[EI_CLASS] == ELFCLASS64 &&
           eh.e_ident[EI_DATA] == ELFDATA2LSB && eh.e_machine == EM_X86_64 &&
           eh.e_type == ET_DYN;
}

/* dir with $ORIGIN expanded into out; 0, or -1 for a token we do not
 * expand or a result too long. */
static int expand(const char *dir, size_t len, const char *origin, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        const char *tok = NULL;
        size_t skip = 0;
        if (strncmp(dir + i, "$ORIGIN", 7) == 0)
            tok = origin, skip = 7;
        else if (strncmp(dir + i, "${ORIGIN}", 9) == 0)
            tok = origin, skip = 9;
        if (dir[i] == '$' && !tok)
            return -1;
        size_t n = tok ? strlen(tok) : 1;
        if (k + n >= MAX_PATH)
            return -1;
        memcpy(out + k, tok ? tok : dir + i, n);
        k += n;
        i += tok ? skip : 1;
    }
    out[k] = 0;
    return 0;
}

/* name in each directory of the colon-separated list, in order. */
static char *in_list(const char *name, const char *list, const char *origin)
{
    char dir[MAX_PATH], path[2 * MAX_PATH];
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ":\n");
        if (len && expand(p, len, origin, dir) == 0) {
            snprintf(path, sizeof(path), "%s/%s", dir, name);
            if (scan_is_x86_64_dso(path))
                return strdup(path);
        }
        p += len + (p[len] != 0);
    }
    return NULL;
}

static char *in_cache(const char *name, const struct scan_ldcache *cache)
{
    const char *p;
    for (size_t i = 0; (p = scan_ldcache_lookup(cache, name, i)); i++)
        if (scan_is_x86_64_dso(p))
            return strdup(p);
    return NULL;
}

static char *glibc_search(const char *name, const struct scan_loader *chain,
                          const struct scan_ldcache *cache)
{
    char *found = NULL;
    if (!chain->dyn->runpath)
        for (const struct scan_loader *l = chain; l && !found; l = l->up)
            if (!l->dyn->runpath)
                found = in_list(name, l->dyn->rpath, l->origin);
    if (!found)
        found = in_list(name, chain->dyn->runpath, chain->origin);
    if (chain->dyn->nodeflib)
        return found;
    if (!found)
        found = in_cache(name, cache);
    for (size_t i = 0; !found && default_dirs[i]; i++)
        found = in_list(name, default_dirs[i], NULL);
    return found;
}

static char *musl_search(const char *name, const struct scan_loader *chain)
{
    char *found = NULL, why[SCAN_WHY];
    uint8_t *file = NULL;
    size_t size = 0;
    for (const struct scan_loader *l = chain; l && !found; l = l->up)
        found = in_list(name, l->dyn->runpath ? l->dyn->runpath : l->dyn->rpath,
                        l->origin);
    if (found)
        return found;
    if (scan_read_file(MUSL_PATH_FILE, &file, &size, why) == 0) {
        char *list = strndup((const char *)file, size);
        found = in_list(name, list, NULL);
        free(list);
        free(file);
        return found;
    }
    return in_list(name, musl_default, NULL);
}

char *scan_search(const char *name, const struct scan_loader *chain,
                  const struct scan_ldcache *cache, int musl)
{
    if (strchr(name, '/'))
        return scan_is_x86_64_dso(name) ? strdup(name) : NULL;
    if (!name[0])
        return NULL;
    return musl ? musl_search(name, chain) : glibc_search(name, chain, cache);
}
