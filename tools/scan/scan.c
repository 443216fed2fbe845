/* SPDX-License-Identifier: MIT */
/*
 * The scan of one ELF image in memory, start to end: elfio, sweep,
 * resolve, then the names the report needs, copied so that the result
 * outlives the image.  This is what main.c and the fuzzer call.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/scan/scan.h"

/* Symbol and callee names for every hit. */
static int name_hits(const struct scan_image *img, struct scan_result *res)
{
    res->hit_syms = calloc(res->nhits + 1, sizeof(char *));
    res->hit_via = calloc(res->nhits + 1, sizeof(char *));
    if (!res->hit_syms || !res->hit_via)
        return -1;
    for (size_t i = 0; i < res->nhits; i++) {
        const struct scan_hit *h = &res->hits[i];
        res->hit_syms[i] = strdup(scan_symbol_at(img, h->site));
        if (!res->hit_syms[i])
            return -1;
        if (h->callee) {
            res->hit_via[i] = strdup(scan_symbol_at(img, h->callee));
            if (!res->hit_via[i])
                return -1;
        }
    }
    return 0;
}

int scan_memory(uint8_t *data, size_t size, struct scan_result *res, char *why)
{
    struct scan_image img;
    struct scan_code code;
    int r = -1;

    memset(res, 0, sizeof(*res));
    memset(&code, 0, sizeof(code));
    if (scan_image_open(&img, data, size, why))
        goto out;
    res->dynamic = img.dynamic;
    if (scan_code_build(&code, &img, why))
        goto out;
    if (scan_resolve(&code, res) || name_hits(&img, res)) {
        snprintf(why, SCAN_WHY, "out of memory");
        goto out;
    }
    r = 0;
out:
    scan_code_free(&code);
    scan_image_close(&img);
    return r;
}

void scan_result_free(struct scan_result *res)
{
    for (size_t i = 0; res->hit_syms && i < res->nhits; i++)
        free(res->hit_syms[i]);
    for (size_t i = 0; res->hit_via && i < res->nhits; i++)
        free(res->hit_via[i]);
    for (size_t i = 0; i < res->nunres; i++) {
        free(res->unres[i].symbol);
        free(res->unres[i].reason);
        free(res->unres[i].wrapper);
    }
    for (size_t i = 0; i < res->nobjs; i++)
        free(res->objs[i].path);
    for (size_t i = 0; i < res->nnotfound; i++)
        free(res->notfound[i]);
    free(res->hits);
    free(res->hit_syms);
    free(res->hit_via);
    free(res->unres);
    free(res->objs);
    free(res->hit_obj);
    free(res->unres_obj);
    free(res->notfound);
    memset(res, 0, sizeof(*res));
}
