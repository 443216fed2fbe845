// SPDX-License-Identifier: MIT
/*
 * Path arguments: strings in the read-only page ro1.  None of them leads
 * to the terminal that gets the summary (/dev/tty, /dev/console, the
 * saved fd through /proc/self/fd or /dev/stdout), to the fuzzer's own
 * memory (/proc/self/mem), or to a FIFO: a suffix of each is harmless too,
 * since a pointer into the middle of one is a relative path.
 */
#include "sysfuzz.h"
#include <string.h>

static const char *const pool[] = {
    "/tmp/sysfuzz/f0",
    "/tmp/sysfuzz/f1",
    "/tmp/sysfuzz/f2",
    "/tmp/sysfuzz/d",
    "/tmp/sysfuzz/d/x",
    "/tmp/sysfuzz/l",
    "/tmp/sysfuzz/sock",
    "/tmp/sysfuzz",
    "/tmp",
    "/",
    "",
    ".",
    "..",
    "f0",
    "f1",
    "f2",
    "d",
    "d/x",
    "l",
    "x",
    "d/../f0",
    "//tmp///sysfuzz/",
    "/tmp/sysfuzz/f0/x",
    "/tmp/sysfuzz/./d/../f1",
    "/nonexistent/x",
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/urandom",
    "/dev",
    "/proc",
    "/proc/self",
    "/proc/self/status",
    "/proc/self/exe",
    "/proc/self/cwd",
    "/proc/self/fd",
    "/proc/cpuinfo",
    "/proc/meminfo",
    "/proc/self/stat",
    "/proc/self/maps",
    "tmpfs",
    "proc",
    "user.x",
    "trusted.y",
    "security.z",
    "keyring",
    "user",
    "sysfuzz",
    "sysfuzz_q",
    "/sysfuzz_mq",
};
#define NPOOL (sizeof(pool) / sizeof(pool[0]))
#define PROC_FIRST 30 /* pool[PROC_FIRST..] are under /proc or names */

static const char *where[NPOOL];
static const char *unterminated, *longname;

void paths_init(uint8_t *ro1, size_t len)
{
    char *p = (char *)ro1;
    for (size_t i = 0; i < NPOOL; i++) {
        where[i] = p;
        strcpy(p, pool[i]);
        p += strlen(pool[i]) + 1;
    }
    /* A component longer than NAME_MAX (255). */
    longname = p;
    strcpy(p, "/tmp/sysfuzz/");
    memset(p + 13, 'n', 300);
    p[313] = 0;
    p += 314;
    /* A string without its NUL, running into the PROT_NONE page. */
    unterminated = (char *)ro1 + len - 16;
    memset((char *)unterminated, 'u', 16);
}

/* PATH_MAX and more, in scratch: ENAMETOOLONG. */
static uint64_t too_long(void)
{
    char *s = (char *)fz_mem.scratch;
    size_t n = 4096 + rng_below(64);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 8 == 0 ? '/' : 'a';
    s[n] = 0;
    return (uint64_t)s;
}

uint64_t paths_arg(void)
{
    switch (rng_below(25)) {
    case 0:
        return mem_dead_ptr();
    case 1:
        return (uint64_t)unterminated;
    case 2:
        return (uint64_t)longname;
    case 3:
        return too_long();
    case 4: /* a suffix of one of them */
    {
        const char *s = where[rng_below(NPOOL)];
        return (uint64_t)(s + rng_below(strlen(s) + 1));
    }
    default:
        return (uint64_t)where[rng_below(NPOOL)];
    }
}

uint64_t paths_plain(void)
{
    if (rng_chance(10))
        return mem_dead_ptr();
    return (uint64_t)where[rng_below(PROC_FIRST)];
}
