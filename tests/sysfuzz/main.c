// SPDX-License-Identifier: MIT
/*
 * sysfuzz [-v] SEED [CALLS]: make CALLS (default 2000) syscalls with hostile
 * arguments drawn from SEED, then print "sysfuzz seed=SEED calls=CALLS" on
 * the real stdout and exit 0.  -v prints every call and its result first.
 * Exit 1: the kernel wrote where it must not (read-only pages, our data);
 * exit 2: bad usage, or not running under the unikernel.
 */
#define _GNU_SOURCE
#include "sysfuzz.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static int verbose;
/* Per syscall: 1 it said ENOSYS, 2 it said something else too (a
 * multiplexer like futex says ENOSYS only for some operations). */
static uint8_t answers[FZ_NSYS];

/* Writes all of s to the saved stdout. */
static void say(const char *s)
{
    size_t n = strlen(s);
    while (n) {
        long w = syscall(SYS_write, FZ_OUT_FD, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Only under our kernel: natively the calls could destroy host files. */
static int in_unikernel(void)
{
    struct utsname u;
    size_t n;
    if (uname(&u) < 0)
        return 0;
    n = strlen(u.release);
    return n >= 3 && !strcmp(u.release + n - 3, "-uk");
}

/* Ignore every signal that a call could send us; faults keep their
 * default (the fuzzer does not fault, and if it does we want to know). */
static void ignore_signals(void)
{
    uint64_t act[4] = {1, 0, 0, 0}; /* SIG_IGN */
    for (int sig = 1; sig <= 64; sig++)
        if (sig_safe(sig))
            syscall(SYS_rt_sigaction, sig, act, NULL, 8);
}

/* fds 0-2 become /dev/null; the real stdout is kept as FZ_OUT_FD. */
static int redirect(void)
{
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(1, FZ_OUT_FD) != FZ_OUT_FD)
        return -1;
    for (int fd = 0; fd < 3; fd++)
        if (dup2(null, fd) != fd)
            return -1;
    if (null > 2)
        close(null);
    return 0;
}

/* A syscall number that is no syscall in any ABI: never one of the table
 * (random arguments would be unsafe there) and never x32's. */
static long bad_number(void)
{
    static const uint64_t odd[] = {
        512,        547,        548,        600,
        1000,       4096,       ~0ULL,      ~1ULL,
        0x80000000, 0x7fffffff, 0xffffffff, 0x8000000000000000ULL,
        0x3fffffff, 0x40000400, 335,        400,
        423,
    };
    for (;;) {
        uint64_t nr = rng_chance(70) ? RNG_PICK(odd) : rng_next();
        uint32_t lo = (uint32_t)nr;
        if ((lo < 512 && !(lo >= 335 && lo < 424)) ||
            lo - 0x40000000u < 1024) /* x32 */
            continue;
        return (long)nr;
    }
}

static long table_number(void)
{
    for (;;) {
        long nr = (long)rng_below(FZ_NSYS);
        const struct fz_sys *s = &fz_table[nr];
        if (!s->name || s->why)
            continue;
        if (answers[nr] == 1 && !rng_chance(10))
            continue; /* missing here: call it now and then only */
        return nr;
    }
}

static void show_call(unsigned i, const struct fz_call *c)
{
    char b[256];
    const char *name = "?";
    if ((uint64_t)(uint32_t)c->nr == (uint64_t)c->nr && c->nr < FZ_NSYS &&
        fz_table[c->nr].name)
        name = fz_table[c->nr].name;
    snprintf(b, sizeof(b), "#%u %s(%#lx) %#lx %#lx %#lx %#lx %#lx %#lx", i,
             name, (unsigned long)c->nr, (unsigned long)c->a[0],
             (unsigned long)c->a[1], (unsigned long)c->a[2],
             (unsigned long)c->a[3], (unsigned long)c->a[4],
             (unsigned long)c->a[5]);
    say(b);
}

static int in_scratch(uint64_t p, size_t n)
{
    uint64_t s = (uint64_t)fz_mem.scratch;
    return p >= s && p + n <= s + fz_mem.scratch_len;
}

static int in_arena(uint64_t p)
{
    return p >= fz_mem.arena - fz_mem.slack &&
           p < fz_mem.arena + fz_mem.arena_len + fz_mem.slack;
}

/* A mapping the kernel chose: keep a few small ones as targets. */
static void new_mapping(uint64_t addr, uint64_t len)
{
    len = (len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
    if (in_arena(addr) || !len)
        return;
    if (len <= 64 * FZ_PAGE)
        mem_note_map(addr, len);
    else if (!mem_is_own(addr) && !mem_is_own(addr + len - 1))
        syscall(SYS_munmap, addr, len);
}

/* What a successful call left us: fds to make non-blocking, mappings. */
static void after(const struct fz_call *c, long r)
{
    uint32_t nr = (uint32_t)c->nr;
    if (r < 0 || (uint64_t)nr != (uint64_t)c->nr || nr >= FZ_NSYS)
        return;
    int k = fz_table[nr].fd_ret;
    if (k == 1) {
        fds_note(r);
    } else if (k >= 10 && in_scratch(c->a[k - 10], 8)) {
        int fds[2];
        memcpy(fds, (void *)c->a[k - 10], sizeof(fds));
        fds_note(fds[0]);
        fds_note(fds[1]);
    } else if (k >= 10) {
        fds_sweep(); /* a kernel wrote them where it should not have */
    }
    if (nr == 9 && !(c->a[3] & 0x10))
        new_mapping((uint64_t)r, c->a[1]);
    if (nr == 25 && !in_arena((uint64_t)r))
        new_mapping((uint64_t)r, c->a[2]);
    if (nr == 453)
        new_mapping((uint64_t)r, c->a[1]);
}

int main(int argc, char **argv)
{
    volatile uint64_t guard[8];
    volatile char stack[32768];
    char line[128];
    int a = 1;

    if (!in_unikernel()) {
        fprintf(stderr, "sysfuzz: refusing to run outside the unikernel "
                        "(uname release must end in -uk)\n");
        return 2;
    }
    if (a < argc && !strcmp(argv[a], "-v"))
        verbose = 1, a++;
    if (a >= argc || argc - a > 2) {
        fprintf(stderr, "usage: sysfuzz [-v] SEED [CALLS]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[a], NULL, 0);
    unsigned long calls = a + 1 < argc ? strtoul(argv[a + 1], NULL, 0) : 2000;

    /* Touch the stack we will use, in case a call lowers RLIMIT_STACK. */
    for (size_t i = 0; i < sizeof(stack); i += FZ_PAGE)
        stack[i] = 1;
    for (int i = 0; i < 8; i++)
        guard[i] = 0x6b6b6b6b6b6b6b6bULL + (uint64_t)i;
    if (redirect() < 0) {
        fprintf(stderr, "sysfuzz: cannot set up fds 0-2 and %d\n", FZ_OUT_FD);
        return 2;
    }
    ignore_signals();
    if (mem_init() < 0) {
        say("sysfuzz: cannot map the zone and the arena\n");
        return 2;
    }
    fds_init();
    if (chdir("/tmp/sysfuzz") < 0) {
        /* the relative paths then start elsewhere: fine */
    }
    rng_seed(seed);
    const uint64_t sum = mem_check();

    unsigned long done = 0;
    while (done < calls) {
        struct fz_call c = {0};
        if (rng_chance(3)) {
            c.nr = bad_number();
            for (int i = 0; i < 6; i++)
                c.a[i] = val_any();
        } else {
            c.nr = table_number();
            args_draw(&c);
            if (c.skip)
                continue;
            if (rng_chance(3)) /* Linux reads the number as an int */
                c.nr = (long)((uint64_t)c.nr | (rng_next() << 32));
        }
        if (verbose)
            show_call((unsigned)done, &c);
        long r = syscall(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
        if (r == -1)
            r = -errno;
        done++;
        if (verbose) {
            snprintf(line, sizeof(line), " = %ld\n", r);
            say(line);
        }
        if ((uint64_t)c.nr < FZ_NSYS)
            answers[c.nr] |= r == -38 ? 1 : 2;
        after(&c, r);
        int bad = mem_check() != sum;
        for (int i = 0; i < 8; i++)
            bad |= guard[i] != 0x6b6b6b6b6b6b6b6bULL + (uint64_t)i;
        if (bad) {
            snprintf(line, sizeof(line),
                     "sysfuzz seed=%llu calls=%lu FAIL: memory we never "
                     "handed out changed after call #%lu\n",
                     (unsigned long long)seed, done, done - 1);
            say(line);
            if (!verbose)
                show_call((unsigned)(done - 1), &c), say("\n");
            return 1;
        }
        if (done % 500 == 0)
            fds_sweep();
    }
    snprintf(line, sizeof(line), "sysfuzz seed=%llu calls=%lu\n",
             (unsigned long long)seed, done);
    say(line);
    if (syscall(SYS_fcntl, FZ_OUT_FD, F_GETFD) < 0)
        return 3; /* someone closed the saved stdout */
    _exit(0);
}
