/* SPDX-License-Identifier: MIT */
/*
 * What the scan found, next to what this kernel does: the status of each
 * syscall comes from syscall/syscalls.def, compiled in, so the scanner
 * always matches the kernel it ships with.  Output is a table or JSON
 * (written by hand; every string is escaped and kept valid UTF-8).
 */
#include <string.h>

#include "tools/scan/scan.h"

static const struct {
    const char *name;
    enum scan_status status;
} table[] = {
#define SC(nr, name, module, status, args) [nr] = {#name, SCAN_##status},
#include "syscall/syscalls.def"
#undef SC
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

static const char *const status_names[] = {
    [SCAN_MISSING] = "missing",
    [SCAN_STUB] = "stub",
    [SCAN_PARTIAL] = "partial",
    [SCAN_IMPL] = "implemented",
};

enum scan_status scan_syscall_info(uint32_t nr, const char **name, char buf[24])
{
    if (nr < NTABLE && table[nr].name) {
        *name = table[nr].name;
        return table[nr].status;
    }
    snprintf(buf, 24, "unknown-%u", nr);
    *name = buf;
    return SCAN_MISSING;
}

/* One syscall of the result: hits[*i..*end) share its number. */
struct row {
    uint32_t nr;
    size_t first, end;
    const char *name;
    enum scan_status status;
    char buf[24];
};

static int next_row(const struct scan_result *res, size_t *i, struct row *r)
{
    if (*i >= res->nhits)
        return 0;
    r->first = *i;
    r->nr = res->hits[*i].nr;
    while (*i < res->nhits && res->hits[*i].nr == r->nr)
        (*i)++;
    r->end = *i;
    r->status = scan_syscall_info(r->nr, &r->name, r->buf);
    return 1;
}

struct totals {
    size_t syscalls, by_status[4], in_wrappers;
};

static struct totals count(const struct scan_result *res)
{
    struct totals t = {0};
    struct row r;
    for (size_t i = 0; next_row(res, &i, &r);) {
        t.syscalls++;
        t.by_status[r.status]++;
    }
    for (size_t i = 0; i < res->nunres; i++)
        t.in_wrappers += res->unres[i].wrapper != NULL;
    return t;
}

#define MAX_NAMES 8

/* "(2 in wrapper syscall)", "(3 in wrappers a, b)" */
static void wrapper_note(FILE *out, const struct scan_result *res, size_t n)
{
    const char *names[MAX_NAMES];
    size_t k = 0, more = 0;
    for (size_t i = 0; i < res->nunres; i++) {
        const char *w = res->unres[i].wrapper;
        size_t j = 0;
        while (w && j < k && strcmp(names[j], w) != 0)
            j++;
        if (w && j == k && k < MAX_NAMES)
            names[k++] = w;
        else if (w && j == k)
            more = 1;
    }
    fprintf(out, " (%zu in wrapper%s", n, k > 1 ? "s" : "");
    for (size_t j = 0; j < k; j++)
        fprintf(out, "%s%s", j ? ", " : " ", names[j]);
    fputs(more ? ", ...)" : ")", out);
}

/* The file name of object k of a closure. */
static const char *obj_name(const struct scan_result *res, uint32_t k)
{
    const char *slash = strrchr(res->objs[k].path, '/');
    return slash ? slash + 1 : res->objs[k].path;
}

/* The objects of a closure, what each holds, and what was not found. */
static void text_objects(FILE *out, const struct scan_result *res)
{
    fprintf(out, "objects: %zu, %zu not found\n", res->nobjs, res->nnotfound);
    fprintf(out, "  %5s  %5s  %s\n", "SITES", "UNRES", "OBJECT");
    for (size_t k = 0; k < res->nobjs; k++) {
        const struct scan_object *o = &res->objs[k];
        if (o->failed)
            fprintf(out, "  %5s  %5s  %s (not scanned)\n", "-", "-", o->path);
        else
            fprintf(out, "  %5zu  %5zu  %s\n", o->nhits, o->nunres, o->path);
    }
    for (size_t i = 0; i < res->nnotfound; i++)
        fprintf(out, "  %5s  %5s  %s (not found)\n", "-", "-",
                res->notfound[i]);
    fputc('\n', out);
}

/* "libc.so.6, ld-linux-x86-64.so.2": the objects of a row's sites. */
static void text_from(FILE *out, const struct scan_result *res,
                      const struct row *r)
{
    for (size_t j = r->first; j < r->end; j++)
        if (j == r->first || res->hit_obj[j] != res->hit_obj[j - 1])
            fprintf(out, "%s%s", j > r->first ? ", " : "",
                    obj_name(res, res->hit_obj[j]));
}

static void text_rows(FILE *out, const struct scan_result *res)
{
    struct row r;
    if (!res->nobjs) {
        fprintf(out, "%5s  %-24s %5s  %s\n", "NR", "NAME", "SITES", "STATUS");
        for (size_t i = 0; next_row(res, &i, &r);)
            fprintf(out, "%5u  %-24s %5zu  %s\n", r.nr, r.name, r.end - r.first,
                    status_names[r.status]);
        return;
    }
    text_objects(out, res);
    fprintf(out, "%5s  %-24s %5s  %-11s  %s\n", "NR", "NAME", "SITES", "STATUS",
            "FROM");
    for (size_t i = 0; next_row(res, &i, &r);) {
        fprintf(out, "%5u  %-24s %5zu  %-11s  ", r.nr, r.name, r.end - r.first,
                status_names[r.status]);
        text_from(out, res, &r);
        fputc('\n', out);
    }
}

static void text_unres(FILE *out, const struct scan_result *res)
{
    if (!res->nunres)
        return;
    fprintf(out, "\nunresolved sites:\n");
    if (res->nobjs)
        fprintf(out, "  %-18s  %-24s  %-32s  %s\n", "ADDRESS", "OBJECT",
                "SYMBOL", "REASON");
    else
        fprintf(out, "  %-18s  %-32s  %s\n", "ADDRESS", "SYMBOL", "REASON");
    for (size_t i = 0; i < res->nunres; i++) {
        const struct scan_unres *u = &res->unres[i];
        fprintf(out, "  0x%-16llx  ", (unsigned long long)u->addr);
        if (res->nobjs)
            fprintf(out, "%-24s  ", obj_name(res, res->unres_obj[i]));
        fprintf(out, "%-32s  %s\n", u->symbol, u->reason);
    }
}

static int text(FILE *out, const struct scan_result *res)
{
    struct totals t = count(res);
    text_rows(out, res);
    text_unres(out, res);
    fprintf(out,
            "\n%zu syscall%s: %zu implemented, %zu partial, %zu stub, "
            "%zu missing; %zu unresolved site%s",
            t.syscalls, t.syscalls == 1 ? "" : "s", t.by_status[SCAN_IMPL],
            t.by_status[SCAN_PARTIAL], t.by_status[SCAN_STUB],
            t.by_status[SCAN_MISSING], res->nunres,
            res->nunres == 1 ? "" : "s");
    if (t.in_wrappers)
        wrapper_note(out, res, t.in_wrappers);
    fputc('\n', out);
    return t.by_status[SCAN_MISSING] != 0;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
    int n = s[0] >= 0xf0 && s[0] <= 0xf4   ? 4
            : s[0] >= 0xe0                 ? 3
            : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
                                           : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
        (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
        (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
        (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return n;
}

static void jstr(FILE *out, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    while (*s) {
        int n;
        if (*s == '"' || *s == '\\') {
            fprintf(out, "\\%c", *s++);
        } else if (*s < 0x20 || *s == 0x7f) {
            fprintf(out, "\\u%04x", *s++);
        } else if (*s < 0x80) {
            fputc(*s++, out);
        } else if ((n = utf8_len(s)) > 0) {
            fwrite(s, 1, (size_t)n, out);
            s += n;
        } else {
            fputs("\\ufffd", out);
            s++;
        }
    }
    fputc('"', out);
}

/* "objects": each object of a closure; "not_found": the names. */
static void json_objects(FILE *out, const struct scan_result *res)
{
    fputs("\n  \"objects\": [", out);
    for (size_t k = 0; k < res->nobjs; k++) {
        const struct scan_object *o = &res->objs[k];
        fputs(k ? ",\n    {\"path\": " : "\n    {\"path\": ", out);
        jstr(out, o->path);
        fprintf(out,
                ", \"scanned\": %s, \"syscall_instructions\": %zu, "
                "\"sites\": %zu, \"unresolved\": %zu}",
                o->failed ? "false" : "true", o->nsites, o->nhits, o->nunres);
    }
    fputs("\n  ],\n  \"not_found\": [", out);
    for (size_t i = 0; i < res->nnotfound; i++) {
        fputs(i ? ", " : "", out);
        jstr(out, res->notfound[i]);
    }
    fputs("],", out);
}

/* One syscall: "objects" (in a closure) and "locations". */
static void json_row(FILE *out, const struct scan_result *res,
                     const struct row *r)
{
    fprintf(out, "{\"nr\": %u, \"name\": ", r->nr);
    jstr(out, r->name);
    fprintf(out, ", \"status\": \"%s\", \"sites\": %zu, ",
            status_names[r->status], r->end - r->first);
    if (res->nobjs) {
        fputs("\"objects\": [", out);
        for (size_t j = r->first; j < r->end; j++)
            if (j == r->first || res->hit_obj[j] != res->hit_obj[j - 1]) {
                fputs(j > r->first ? ", " : "", out);
                jstr(out, res->objs[res->hit_obj[j]].path);
            }
        fputs("], ", out);
    }
    fputs("\"locations\": [", out);
    for (size_t j = r->first; j < r->end; j++) {
        fprintf(out, "%s{\"address\": \"0x%llx\", ", j > r->first ? ", " : "",
                (unsigned long long)res->hits[j].site);
        if (res->nobjs) {
            fputs("\"object\": ", out);
            jstr(out, res->objs[res->hit_obj[j]].path);
            fputs(", ", out);
        }
        fputs("\"symbol\": ", out);
        jstr(out, res->hit_syms[j]);
        fputs(", \"via\": ", out);
        jstr(out, res->hit_via[j]);
        fputc('}', out);
    }
    fputs("]}", out);
}

static void json_unres(FILE *out, const struct scan_result *res)
{
    for (size_t i = 0; i < res->nunres; i++) {
        const struct scan_unres *u = &res->unres[i];
        fprintf(out, "%s\n    {\"address\": \"0x%llx\", ", i ? "," : "",
                (unsigned long long)u->addr);
        if (res->nobjs) {
            fputs("\"object\": ", out);
            jstr(out, res->objs[res->unres_obj[i]].path);
            fputs(", ", out);
        }
        fputs("\"symbol\": ", out);
        jstr(out, u->symbol);
        fputs(", \"reason\": ", out);
        jstr(out, u->reason);
        fputs(", \"wrapper\": ", out);
        jstr(out, u->wrapper);
        fputc('}', out);
    }
}

static int json(FILE *out, const char *file, const struct scan_result *res)
{
    struct totals t = count(res);
    struct row r;
    fputs("{\n  \"file\": ", out);
    jstr(out, file);
    fprintf(out,
            ",\n  \"dynamic\": %s,\n  \"syscall_instructions\": %zu,"
            "\n  \"recovered\": %zu,",
            res->dynamic ? "true" : "false", res->nsites, res->recovered);
    if (res->nobjs)
        json_objects(out, res);
    fputs("\n  \"syscalls\": [", out);
    for (size_t i = 0, k = 0; next_row(res, &i, &r); k++) {
        fputs(k ? ",\n    " : "\n    ", out);
        json_row(out, res, &r);
    }
    fputs(t.syscalls ? "\n  ],\n  \"unresolved\": ["
                     : "],\n  \"unresolved\": [",
          out);
    json_unres(out, res);
    fprintf(out,
            "%s],\n  \"summary\": {\"syscalls\": %zu, \"implemented\": %zu, "
            "\"partial\": %zu, \"stub\": %zu, \"missing\": %zu, "
            "\"unresolved_sites\": %zu, \"unresolved_in_wrappers\": %zu}\n}\n",
            res->nunres ? "\n  " : "", t.syscalls, t.by_status[SCAN_IMPL],
            t.by_status[SCAN_PARTIAL], t.by_status[SCAN_STUB],
            t.by_status[SCAN_MISSING], res->nunres, t.in_wrappers);
    return t.by_status[SCAN_MISSING] != 0;
}

int scan_report(FILE *out, const char *file, const struct scan_result *res,
                int as_json)
{
    return (as_json ? json(out, file, res) : text(out, res)) ? 1 : 0;
}
