// SPDX-License-Identifier: MIT
/*
 * --syscall-report: every syscall the program made, how often, with which
 * results (ok or errno name), the time spent inside it (sleeps included),
 * and whether it hit ENOSYS or a stub.  Counted
 * in dispatch only when asked for, written as JSON to the report stream
 * (UK_REPORT_FD) when the program ends, however it ends.
 */
#include "include/abi.h"
#include "kernel/console.h"
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "syscall/syscall.h"

#define NSLOT 1024
#define NHEAD 512 /* syscall numbers; larger ones share the last */

struct slot {
    uint16_t nr, err; /* err 0: ok */
    uint32_t count;
    uint16_t next; /* next slot + 1 of the same nr, 0 at the end */
};
static struct slot slots[NSLOT];
static uint16_t head[NHEAD], nslots;
static uint64_t ticks[NHEAD]; /* TSC ticks inside each syscall */
static uint64_t dropped;
static const char *program;

void report_set_program(const char *path)
{
    program = path;
}

void report_count(uint64_t nr, long ret, uint64_t tsc)
{
    uint16_t n = nr < NHEAD ? (uint16_t)nr : NHEAD - 1;
    ticks[n] += tsc;
    uint16_t err = ret < 0 && ret > -4096 ? (uint16_t)-ret : 0;
    for (uint16_t i = head[n]; i; i = slots[i - 1].next) {
        if (slots[i - 1].err == err) {
            slots[i - 1].count++;
            return;
        }
    }
    if (nslots == NSLOT) {
        dropped++;
        return;
    }
    slots[nslots] = (struct slot){n, err, 1, head[n]};
    head[n] = ++nslots;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    char b[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof(b), fmt, ap);
    va_end(ap);
    console_write(UK_REPORT_FD, b, (size_t)MIN(n, (int)sizeof(b) - 1));
}

static const char *name_of(uint16_t nr, char *buf, size_t n)
{
    const char *s = nr < NHEAD - 1 ? syscall_name(nr) : NULL;
    if (s)
        return s;
    snprintf(buf, n, nr < NHEAD - 1 ? "unknown-%u" : "unknown", nr);
    return buf;
}

/* One list of names: ENOSYS hits (missing) or stub hits. */
static void list(const char *key, const char *status)
{
    int first = 1;
    char tmp[24];
    out(",\n  \"%s\": [", key);
    for (uint16_t nr = 0; nr < NHEAD; nr++) {
        if (!head[nr] || strcmp(syscall_status(nr), status))
            continue;
        uint64_t calls = 0;
        for (uint16_t i = head[nr]; i; i = slots[i - 1].next)
            calls += slots[i - 1].count;
        out("%s{\"name\": \"%s\", \"calls\": %lu}", first ? "" : ", ",
            name_of(nr, tmp, sizeof(tmp)), calls);
        first = 0;
    }
    out("]");
}

/* The program's path as a JSON string (escaped; control bytes as '?'). */
static void out_path(void)
{
    char b[160];
    size_t n = 0;
    for (const char *p = program ? program : ""; *p && n < sizeof(b) - 3;
         p++) {
        if (*p == '"' || *p == '\\')
            b[n++] = '\\';
        b[n++] = (unsigned char)*p < 32 ? '?' : *p;
    }
    b[n] = 0;
    out("{\n  \"program\": \"%s\",\n  \"syscalls\": [", b);
}

void report_write(void)
{
    char tmp[24];
    int first = 1;
    out_path();
    for (uint16_t nr = 0; nr < NHEAD; nr++) {
        if (!head[nr])
            continue;
        uint64_t calls = 0;
        for (uint16_t i = head[nr]; i; i = slots[i - 1].next)
            calls += slots[i - 1].count;
        out("%s\n    {\"nr\": %u, \"name\": \"%s\", \"status\": \"%s\", "
            "\"calls\": %lu, \"time_ns\": %lu, \"results\": {",
            first ? "" : ",", nr, name_of(nr, tmp, sizeof(tmp)),
            syscall_status(nr), calls, time_tsc_to_ns(ticks[nr]));
        for (uint16_t i = head[nr]; i; i = slots[i - 1].next) {
            const struct slot *s = &slots[i - 1];
            const char *e = s->err ? errno_name(s->err) : "ok";
            if (!e)
                snprintf(tmp, sizeof(tmp), "errno-%u", s->err), e = tmp;
            out("%s\"%s\": %u", i == head[nr] ? "" : ", ", e, s->count);
        }
        out("}}");
        first = 0;
    }
    out("\n  ]");
    list("enosys", "missing");
    list("stub_hits", "stub");
    out(",\n  \"dropped\": %lu\n}\n", dropped);
}
