/* SPDX-License-Identifier: MIT */
/*
 * Tests of the built-in monitor (tools/monitor/) with the guests of
 * tests/guests/.  Each case runs monitor_run in a child process with
 * stdin from a pipe and stdout/stderr captured, and checks status, output
 * and that every failure is one "uk: ..." line.
 *
 *   test_monitor GUESTDIR            run the tests (exit 77: no /dev/kvm)
 *   test_monitor --run ELF [MIB]     boot one guest, exit with its status
 *   test_monitor --bench ELF [N]     time N in-process boots of one guest
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "tools/monitor/monitor.h"

#define MIB (1ULL << 20)
#define SKIP 77

struct tcase {
    const char *name;
    const char *kernel; /* file in the guest dir, or a path with '/' */
    uint64_t mem_mib;
    const char *cmdline;
    const char *initrd; /* NULL: none */
    const char *input;  /* stdin (a pipe); NULL: empty */
    int status;
    const char *out; /* exact stdout */
    const char *err; /* NULL: stderr empty; else in its one line */
    int hold_stdin;  /* keep the pipe open: no EOF while it runs */
    int term_ms;     /* send SIGTERM after this many ms */
};

static const char *guest_dir;
static char tmp_dir[] = "/tmp/test_monitor.XXXXXX";
static char long_cmdline[UK_CMDLINE_MAX + 1];
static char big_initrd[MIB + 1];

/* A guest that runs and ends by itself; a setup failure; an evil guest. */
#define RUN(n, k, mib, st, o, ...)                                             \
    {                                                                          \
        .name = n, .kernel = k, .mem_mib = mib, .status = st, .out = o,        \
        __VA_ARGS__                                                            \
    }
#define FAIL(n, k, mib, e, ...)                                                \
    {                                                                          \
        .name = n, .kernel = k, .mem_mib = mib, .status = UK_STATUS_VMM,       \
        .out = "", .err = e, __VA_ARGS__                                       \
    }
#define EVIL(n, e, st)                                                         \
    {                                                                          \
        .name = "evil-" n, .kernel = "evil-" n ".elf", .mem_mib = 64,          \
        .status = st, .out = "", .err = e                                      \
    }

static const struct tcase cases[] = {
    RUN("hello", "hello.elf", 64, 7, "hello\n"),
    RUN("empty", "empty.elf", 64, 0, ""),
    RUN("bootinfo", "bootinfo.elf", 64, 64, "console=x helloINITRD-DATA\n",
        .cmdline = "console=x hello", .initrd = "INITRD-DATA\n"),
    RUN("bootinfo-bare", "bootinfo.elf", 3, 3, ""),
    RUN("bootinfo-odd-mem", "bootinfo.elf", 0, 2, "x", .cmdline = "",
        .initrd = "x"),
    RUN("echo", "echo.elf", 16, 0, "14abc\n", .input = "abc\n"),
    RUN("echo-eof", "echo.elf", 16, 0, "10"),
    RUN("badfd", "badfd.elf", 16, 9, ""),
    RUN("poll-timeout", "pollwait.elf", 16, 10, "", .hold_stdin = 1),
    RUN("poll-ready", "pollwait.elf", 16, 11, "", .input = "x",
        .hold_stdin = 1),
    RUN("poll-eof", "pollwait.elf", 16, 11, ""),
    FAIL("mem-too-small", "hello.elf", 1,
         "uk: --mem too small: need at least 2 MiB"),
    FAIL("initrd-too-big", "hello.elf", 2,
         "uk: --mem too small: need at least 3 MiB", .initrd = big_initrd),
    FAIL("no-kernel", "missing.elf", 64, "uk: cannot open kernel"),
    FAIL("not-elf", "/not-elf", 64, "not an ELF file"),
    FAIL("elf32", "/elf32", 64, "not an x86-64 ELF64"),
    FAIL("truncated", "/truncated", 64, "PT_LOAD beyond the end"),
    FAIL("dir", "/", 64, "not a regular file"),
    FAIL("cmdline-too-long", "hello.elf", 64,
         "uk: kernel command line too long", .cmdline = long_cmdline),
    FAIL("pvh-under-monitor", "pvh-exit.elf", 64, "unknown I/O port 0xf4"),
    EVIL("gpa", "outside guest memory", UK_STATUS_VMM),
    EVIL("gpa-edge", "outside guest memory", UK_STATUS_VMM),
    EVIL("len", "outside guest memory", UK_STATUS_VMM),
    EVIL("buf", "outside guest memory", UK_STATUS_VMM),
    EVIL("read", "outside guest memory", UK_STATUS_VMM),
    EVIL("port", "unknown I/O port 0x600", UK_STATUS_VMM),
    EVIL("port0", "unknown I/O port 0x500", UK_STATUS_VMM),
    EVIL("portmax", "unknown I/O port", UK_STATUS_VMM),
    EVIL("size", "not a hypercall", UK_STATUS_VMM),
    EVIL("in", "not a hypercall", UK_STATUS_VMM),
    EVIL("rep", "outside guest memory", UK_STATUS_VMM),
    EVIL("mmio", "not guest memory", UK_STATUS_VMM),
    /* Halted for good, with interrupts off: only a signal ends it. */
    {.name = "evil-hlt", .kernel = "evil-hlt.elf", .mem_mib = 64,
     .status = 128 + 15, .out = "", .err = "did not take SIGTERM",
     .term_ms = 300},
    EVIL("triple", "uk: guest kernel crashed", UK_STATUS_PANIC),
};

static void write_file(const char *name, const void *data, size_t n)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* Bad kernels: not an ELF, a 32-bit ELF, hello.elf cut short. */
static void make_bad_kernels(void)
{
    static unsigned char buf[4096];
    char path[256];

    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        exit(1);
    }
    write_file("not-elf", "#!/bin/sh\necho hi\n", 18);
    memcpy(buf, "\177ELF\001\001\001", 7);
    write_file("elf32", buf, 64);
    snprintf(path, sizeof(path), "%s/hello.elf", guest_dir);
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, 200, f) : 0;
    if (f)
        fclose(f);
    write_file("truncated", buf, n);
    memset(long_cmdline, 'a', UK_CMDLINE_MAX);
    memset(big_initrd, 'x', MIB);
}

static void remove_bad_kernels(void)
{
    static const char *const names[] = {"not-elf", "elf32", "truncated"};
    char path[256];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, names[i]);
        unlink(path);
    }
    rmdir(tmp_dir);
}

static void kernel_path(const struct tcase *t, char *path, size_t n)
{
    if (strcmp(t->kernel, "/") == 0)
        snprintf(path, n, "%s", tmp_dir);
    else if (t->kernel[0] == '/')
        snprintf(path, n, "%s%s", tmp_dir, t->kernel);
    else
        snprintf(path, n, "%s/%s", guest_dir, t->kernel);
}

static size_t slurp(int fd, char *buf, size_t n)
{
    ssize_t r = pread(fd, buf, n - 1, 0);
    r = r < 0 ? 0 : r;
    buf[r] = 0;
    return r;
}

/* Run one case; returns 1 if it passed, printing why not otherwise. */
static int run_case(const struct tcase *t)
{
    char path[512], out[4096], err[4096];
    int in[2], ofd = memfd_create("out", 0), efd = memfd_create("err", 0);
    int ws;

    kernel_path(t, path, sizeof(path));
    if (ofd < 0 || efd < 0 || pipe(in) < 0) {
        perror("test_monitor");
        exit(1);
    }
    if (t->input && write(in[1], t->input, strlen(t->input)) < 0)
        perror("write");
    if (!t->hold_stdin)
        close(in[1]);

    pid_t pid = fork();
    if (pid == 0) {
        if (t->hold_stdin)
            close(in[1]);
        struct monitor_config cfg = {
            .kernel_path = path,
            .mem_size = t->mem_mib ? t->mem_mib * MIB : 2 * MIB + 123,
            .initrd = t->initrd,
            .initrd_size = t->initrd ? strlen(t->initrd) : 0,
            .cmdline = t->cmdline,
        };
        dup2(in[0], 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        alarm(60);
        _exit(monitor_run(&cfg));
    }
    close(in[0]);
    if (t->term_ms) {
        usleep(t->term_ms * 1000);
        kill(pid, SIGTERM);
    }
    waitpid(pid, &ws, 0);
    if (t->hold_stdin)
        close(in[1]);
    slurp(ofd, out, sizeof(out));
    size_t elen = slurp(efd, err, sizeof(err));
    close(ofd);
    close(efd);

    const char *why = NULL;
    char *nl = strchr(err, '\n');
    if (!WIFEXITED(ws))
        why = "monitor died of a signal";
    else if (WEXITSTATUS(ws) != t->status)
        why = "wrong exit status";
    else if (strcmp(out, t->out) != 0)
        why = "wrong stdout";
    else if (!t->err && elen != 0)
        why = "unexpected stderr";
    else if (t->err && (strncmp(err, "uk: ", 4) != 0 || !nl || nl[1] != 0 ||
                        !strstr(err, t->err)))
        why = "stderr is not the expected one line";
    if (!why)
        return 1;
    printf("FAIL %s: %s (status %d%s, stdout \"%s\", stderr \"%s\")\n", t->name,
           why, WIFEXITED(ws) ? WEXITSTATUS(ws) : -1,
           WIFSIGNALED(ws) ? " signal" : "", out, err);
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int bench(const char *elf, int n)
{
    struct monitor_config cfg = {.kernel_path = elf, .mem_size = 64 * MIB};
    double best = 1e9, sum = 0;
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        int st = monitor_run(&cfg);
        double dt = now_ms() - t0;
        if (st != 0)
            fprintf(stderr, "test_monitor: %s: status %d\n", elf, st);
        sum += dt;
        best = dt < best ? dt : best;
    }
    printf("%s: %d boots in-process, mean %.3f ms, best %.3f ms\n", elf, n,
           sum / n, best);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--run") == 0) {
        struct monitor_config cfg = {
            .kernel_path = argv[2],
            .mem_size = (argc > 3 ? strtoull(argv[3], 0, 0) : 64) * MIB,
            .trace_exits = getenv("UK_TRACE") != NULL,
        };
        return monitor_run(&cfg);
    }
    if (argc >= 3 && strcmp(argv[1], "--bench") == 0)
        return bench(argv[2], argc > 3 ? atoi(argv[3]) : 100);
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: test_monitor GUESTDIR | --run ELF [MIB] | "
                        "--bench ELF [N]\n");
        return 2;
    }
    if (!monitor_available()) {
        printf("test_monitor: skipped: /dev/kvm is not usable here\n");
        return SKIP;
    }
    guest_dir = argv[1];
    make_bad_kernels();

    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (run_case(&cases[i]))
            passed++;
        else
            failed++;
    }
    remove_bad_kernels();
    printf("test_monitor: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
