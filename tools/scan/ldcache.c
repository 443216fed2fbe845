/* SPDX-License-Identifier: MIT */
/*
 * /etc/ld.so.cache, which ldconfig writes and glibc's ld.so consults
 * after the search paths of the loading object.  The format (glibc's
 * sysdeps/generic/dl-cache.h): the header "glibc-ld.so.cache1.1", entry
 * count, string table size, flags and an extension offset (48 bytes);
 * then 24-byte entries (flags, soname offset, path offset, unused
 * osversion, hwcap), string offsets counted from the header.  Old
 * ldconfigs put an "ld.so-1.7.0" table of 12-byte entries in front.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_HEADER 48
#define NEW_ENTRY 24
#define OLD_HEADER 16
#define OLD_ENTRY 12
#define FLAG_ELF 0x0001          /* any ELF: glibc accepts it too */
#define FLAG_X86_64_LIBC6 0x0303 /* FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 */

struct scan_ldcache {
    uint8_t *data;
    size_t size;
    size_t base;  /* of the new-format header: strings count from here */
    size_t nlibs; /* entries, all inside the file */
};

static uint32_t u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static uint64_t u64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Where the new-format header starts: 0, or after an old table. */
static int find_base(const uint8_t *d, size_t size, size_t *base)
{
    *base = 0;
    if (size >= OLD_HEADER && memcmp(d, OLD_MAGIC, strlen(OLD_MAGIC)) == 0) {
        uint64_t n = u32(d + 12);
        *base = (size_t)((OLD_HEADER + n * OLD_ENTRY + 7) & ~7ULL);
        if (n > size || *base > size)
            return -1;
    }
    if (size - *base < NEW_HEADER ||
        memcmp(d + *base, NEW_MAGIC, strlen(NEW_MAGIC)) != 0)
        return -1;
    return 0;
}

struct scan_ldcache *scan_ldcache_parse(uint8_t *data, size_t size)
{
    size_t base;
    struct scan_ldcache *c = NULL;
    if (data && find_base(data, size, &base) == 0) {
        uint64_t n = u32(data + base + 20);
        if (n <= (size - base - NEW_HEADER) / NEW_ENTRY)
            c = malloc(sizeof(*c));
        if (c)
            *c = (struct scan_ldcache){data, size, base, (size_t)n};
    }
    if (!c)
        free(data);
    return c;
}

struct scan_ldcache *scan_ldcache_open(const char *path)
{
    uint8_t *data = NULL;
    size_t size = 0;
    char why[SCAN_WHY];
    if (scan_read_file(path, &data, &size, why))
        return NULL;
    return scan_ldcache_parse(data, size);
}

/* The string at offset off from the header, or NULL if it runs out. */
static const char *str(const struct scan_ldcache *c, uint32_t off)
{
    size_t at = c->base + off;
    if (off >= c->size - c->base || !memchr(c->data + at, 0, c->size - at))
        return NULL;
    return (const char *)c->data + at;
}

/* Entry k matches soname; *hw is its hwcap word. */
static const char *match(const struct scan_ldcache *c, size_t k,
                         const char *soname, uint64_t *hw)
{
    const uint8_t *e = c->data + c->base + NEW_HEADER + k * NEW_ENTRY;
    uint32_t flags = u32(e);
    const char *key = str(c, u32(e + 4)), *value = str(c, u32(e + 8));
    *hw = u64(e + 16);
    if ((flags != FLAG_ELF && flags != FLAG_X86_64_LIBC6) || !key || !value ||
        strcmp(key, soname) != 0 || value[0] != '/')
        return NULL;
    return value;
}

const char *scan_ldcache_lookup(const struct scan_ldcache *c,
                                const char *soname, size_t i)
{
    uint64_t hw;
    for (int pass = 0; c && pass < 2; pass++)
        for (size_t k = 0; k < c->nlibs; k++) {
            const char *v = match(c, k, soname, &hw);
            if (v && (hw != 0) == pass && i-- == 0)
                return v;
        }
    return NULL;
}

void scan_ldcache_close(struct scan_ldcache *c)
{
    if (c)
        free(c->data);
    free(c);
}
