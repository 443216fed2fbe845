// SPDX-License-Identifier: MIT
/*
 * ./run [options] app.elf [args...]: build the boot archive and command
 * line, then boot the kernel on the built-in monitor or on QEMU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "include/abi.h"
#include "tools/monitor/monitor.h"
#include "tools/run/run.h"

#define MIB (1ULL << 20)
#define DEFAULT_MEM (128 * MIB)
#define QEMU_MAX_MEM (3ULL << 30) /* below QEMU microvm's 4 GiB hole */

extern char **environ;

static const char usage[] =
    "usage: ./run [options] app.elf [args...]\n"
    "  --vmm kvm|qemu     built-in KVM monitor, or QEMU (default: kvm when\n"
    "                     /dev/kvm works, else qemu)\n"
    "  --accel kvm|tcg    QEMU's accelerator (default: tcg)\n"
    "  --mem SIZE         guest RAM, e.g. 64M or 2G (default 128M)\n"
    "  --smp N            vCPUs, 1 to 16 (default 1)\n"
    "  --fs DIR           start the guest root as a copy of DIR\n"
    "  -v HOST[:GUEST][:ro|:rw]  let the guest see host directory HOST at\n"
    "                     GUEST (default: the same path), read-only unless\n"
    "                     :rw; served on demand, nothing outside HOST\n"
    "  --empty-root       a dynamically linked program without --fs sees\n"
    "                     the host's /usr, /etc, /bin, /sbin and /lib*\n"
    "                     (and its -v directories), its writes there kept\n"
    "                     in memory; this gives it the empty root instead\n"
    "  --host-view        that view for any program (a static one, or\n"
    "                     one with --fs)\n"
    "  -e VAR=VAL         set a variable for the program (-e VAR copies ours)\n"
    "  --clear-env        start the program with an empty environment\n"
    "  --trace            print every syscall to stderr, strace-style\n"
    "  --qemu-arg ARG     add ARG, one word, to QEMU's command line\n"
    "                     (repeatable; e.g. --qemu-arg -icount\n"
    "                     --qemu-arg shift=0,sleep=off)\n"
    "  --print-qemu       print QEMU's command line, shell-quoted, and\n"
    "                     exit; its -initrd is a file only ./run can see\n"
    "  --syscall-report FILE  write every syscall made, with counts and\n"
    "                     results, to FILE (JSON) when the program ends\n"
    "  -h, --help         this text\n";

struct opts {
    const char *vmm, *accel, *fs, *prog, *report;
    uint64_t mem;
    unsigned smp;
    int clear_env, trace, print_qemu;
    int view; /* the host's system: -1 if dynamic (default), 0 no, 1 yes */
    char **env, **qemu_args;
    int nenv, nqemu;
    struct run_mount mounts[UK_MAX_MOUNTS];
    int nmounts;
};

static int fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "run: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return UK_STATUS_VMM;
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ULL << 10; end++; break;
    case 'm': case 'M': mul = MIB; end++; break;
    case 'g': case 'G': mul = 1ULL << 30; end++; break;
    case 0: mul = MIB; break; /* a plain number is MiB, like QEMU's -m */
    }
    if (*end == 'i' || *end == 'B')
        end += *end == 'i' && end[1] == 'B' ? 2 : 1;
    if (errno || *end || s == end || v > (1ULL << 40) / mul)
        return -1;
    *out = (v * mul + 4095) & ~4095ULL; /* whole pages */
    return 0;
}

/* Set or override VAR=VAL in the environment list. */
static void env_set(struct opts *o, const char *kv)
{
    size_t k = strcspn(kv, "=");
    if (!kv[k]) { /* -e VAR: pass our own value, if any */
        const char *v = getenv(kv);
        if (!v)
            return;
        char *s = malloc(k + strlen(v) + 2);
        sprintf(s, "%s=%s", kv, v);
        kv = s;
    }
    for (int i = 0; i < o->nenv; i++)
        if (!strncmp(o->env[i], kv, k + 1)) {
            o->env[i] = (char *)kv;
            return;
        }
    o->env = realloc(o->env, (o->nenv + 2) * sizeof(char *));
    o->env[o->nenv++] = (char *)kv;
    o->env[o->nenv] = NULL;
}

static int parse(int argc, char **argv, struct opts *o)
{
    char **extra = calloc(argc, sizeof(char *));
    int nextra = 0, i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--empty-root")) {
            o->view = 0;
        } else if (!strcmp(a, "--host-view")) {
            o->view = 1;
        } else if (!strcmp(a, "--clear-env")) {
            o->clear_env = 1;
        } else if (!strcmp(a, "--trace")) {
            o->trace = 1;
        } else if (!strcmp(a, "--print-qemu")) {
            o->print_qemu = 1;
        } else if (!v) {
            return fail("%s needs a value (see ./run --help)", a);
        } else if (!strcmp(a, "--vmm")) {
            if (strcmp(v, "kvm") && strcmp(v, "qemu"))
                return fail("--vmm must be kvm or qemu, not '%s'", v);
            o->vmm = v, i++;
        } else if (!strcmp(a, "--accel")) {
            if (strcmp(v, "kvm") && strcmp(v, "tcg"))
                return fail("--accel must be kvm or tcg, not '%s'", v);
            o->accel = v, i++;
        } else if (!strcmp(a, "--mem")) {
            if (parse_size(v, &o->mem))
                return fail("--mem: bad size '%s' (try 64M or 2G)", v);
            i++;
        } else if (!strcmp(a, "--smp")) {
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*end || !n || n > UK_MAX_CPUS)
                return fail("--smp: a number of vCPUs from 1 to 16, not '%s'",
                            v);
            o->smp = (unsigned)n, i++;
        } else if (!strcmp(a, "--fs")) {
            o->fs = v, i++;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--volume")) {
            if (o->nmounts == UK_MAX_MOUNTS)
                return fail("-v: at most %s host directories", "8");
            if (mount_parse(v, &o->mounts[o->nmounts++]))
                return UK_STATUS_VMM;
            i++;
        } else if (!strcmp(a, "--syscall-report")) {
            o->report = v, i++;
        } else if (!strcmp(a, "-e")) {
            extra[nextra++] = argv[++i];
        } else if (!strcmp(a, "--qemu-arg")) {
            if (!o->qemu_args)
                o->qemu_args = calloc(argc, sizeof(char *));
            o->qemu_args[o->nqemu++] = argv[++i];
        } else {
            return fail("unknown option %s (see ./run --help)", a);
        }
    }
    if (i >= argc)
        return fail("%s", "no program given (see ./run --help)");
    o->prog = argv[i];
    if (!o->clear_env)
        for (char **e = environ; *e; e++)
            env_set(o, *e);
    for (int k = 0; k < nextra; k++)
        env_set(o, extra[k]);
    free(extra);
    return -i; /* index of the program, negated */
}

/* The program's path inside the guest: absolute, without . and .. */
void guest_path_of(const char *p, char *out, size_t n)
{
    size_t len = 0;
    out[0] = 0;
    while (*p) {
        const char *e = p + strcspn(p, "/");
        size_t k = (size_t)(e - p);
        if (k == 2 && !strncmp(p, "..", 2)) {
            while (len && out[len] != '/')
                len--;
            out[len] = 0;
        } else if (k && !(k == 1 && *p == '.') && len + k + 2 < n) {
            out[len++] = '/';
            memcpy(out + len, p, k);
            len += k;
            out[len] = 0;
        }
        p = *e ? e + 1 : e;
    }
    if (!len)
        snprintf(out, n, "/");
}

/* A #! script runs through its interpreter, which must be in the guest
 * too: add each interpreter (up to Linux's four levels) at its own path,
 * unless --fs provides that path.  0, or -1 after a message. */
static int add_interpreters(struct archive *a, const char *prog,
                            const char *fs)
{
    char line[256], from[PATH_MAX];
    snprintf(from, sizeof(from), "%s", prog);
    for (int depth = 0; depth < 4; depth++) {
        FILE *f = fopen(from, "r");
        if (!f)
            return 0;
        size_t n = fread(line, 1, sizeof(line) - 1, f);
        fclose(f);
        line[n] = 0;
        if (n < 3 || line[0] != '#' || line[1] != '!')
            return 0;
        char *p = line + 2 + strspn(line + 2, " \t");
        p[strcspn(p, " \t\n")] = 0;
        if (p[0] != '/')
            return 0; /* the kernel says what is wrong with it */
        char in_fs[PATH_MAX + 16];
        struct stat st;
        snprintf(in_fs, sizeof(in_fs), "%s%s", fs ? fs : "", p);
        if (fs && !stat(in_fs, &st))
            return 0;
        if (stat(p, &st) || !S_ISREG(st.st_mode))
            return 0; /* not on this machine either: ENOENT, as Linux */
        if (archive_add_file(a, p, p, 1))
            return -1;
        snprintf(from, sizeof(from), "%s", p);
    }
    return 0;
}

static uint64_t now_ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* The TSC's rate, measured against the host clock since t0/tsc0 (the
 * launcher's own work fills most of the window). */
static uint64_t tsc_khz(uint64_t t0, uint64_t tsc0)
{
    uint64_t t, tsc;
    do {
        t = now_ns(CLOCK_MONOTONIC_RAW);
        tsc = rdtsc();
    } while (t - t0 < 1000000);
    return (uint64_t)((tsc - tsc0) * 1000000.0 / (double)(t - t0));
}

static void self_dir(char *out, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", out, n - 1);
    out[k > 0 ? k : 0] = 0;
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = 0;
}

int main(int argc, char **argv)
{
    uint64_t t0 = now_ns(CLOCK_MONOTONIC_RAW), tsc0 = rdtsc();
    struct opts o = {.mem = DEFAULT_MEM, .smp = 1, .view = -1};
    /* What we were started with ignoring, the program is too. */
    uint64_t ignored = 0;
    for (int sig = 1; sig <= 64; sig++) {
        struct sigaction sa;
        if (sig != SIGKILL && sig != SIGSTOP && !sigaction(sig, NULL, &sa) &&
            sa.sa_handler == SIG_IGN)
            ignored |= 1ULL << (sig - 1);
    }
    /* A closed stdout is the program's business (EPIPE), not ours. */
    signal(SIGPIPE, SIG_IGN);
    int r = parse(argc, argv, &o);
    if (r > 0)
        return r;
    int first = -r;

    struct stat st;
    if (stat(o.prog, &st) || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "run: %s: %s\n", o.prog,
                errno == 0 || S_ISDIR(st.st_mode) ? "not a regular file"
                                                  : strerror(errno));
        return UK_STATUS_NOTFOUND;
    }
    char kernel[PATH_MAX + 16], firmware[PATH_MAX + 16], gpath[PATH_MAX];
    char dir[PATH_MAX];
    self_dir(dir, sizeof(dir));
    snprintf(kernel, sizeof(kernel), "%s/kernel.elf", dir);
    snprintf(firmware, sizeof(firmware), "%s/firmware.bin", dir);
    guest_path_of(o.prog, gpath, sizeof(gpath));

    /* A dynamic program from the host sees the host's system (mounts.c),
     * and is found there itself when its path is in that view. */
    int view = 0;
    if ((o.view > 0 || (o.view < 0 && !o.fs)) &&
        (view = host_view_mounts(o.prog, o.view > 0, o.mounts, &o.nmounts)) < 0)
        return UK_STATUS_VMM;
    int in_view = view && host_view_has(gpath);
    /* The kernel creates the program's missing parent directories. */
    struct archive a = {0};
    if (archive_args(&a, gpath, argc - first, argv + first, o.nenv, o.env,
                     o.nmounts, o.mounts) ||
        (o.fs && archive_add_tree(&a, o.fs)) ||
        (view && host_view_links(&a)) ||
        (!in_view && archive_add_file(&a, gpath, o.prog, 1)) ||
        add_interpreters(&a, o.prog, o.fs) || archive_finish(&a))
        return UK_STATUS_VMM;

    uint64_t need = 2 * MIB + a.len; /* low memory and kernel, archive */
    if (o.mem < need) {
        fprintf(stderr, "run: --mem %lluK is too small for this program: "
                "it needs at least %lluK\n",
                (unsigned long long)(o.mem >> 10),
                (unsigned long long)((need + 4095) >> 12 << 2));
        return UK_STATUS_VMM;
    }
    if ((o.print_qemu || o.nqemu) && o.vmm && strcmp(o.vmm, "qemu"))
        return fail("--qemu-arg and --print-qemu need --vmm qemu%s", "");
    if (!o.vmm)
        o.vmm = o.print_qemu || o.nqemu || !monitor_available() ? "qemu"
                                                                : "kvm";
    if (!strcmp(o.vmm, "qemu") && o.mem > QEMU_MAX_MEM)
        return fail("--mem: at most 3G with --vmm qemu%s", "");

    struct winsize ws = {0};
    for (int fd = 0; fd < 3 && !ws.ws_row; fd++)
        if (isatty(fd))
            ioctl(fd, TIOCGWINSZ, &ws);
    struct uk_args *p = (struct uk_args *)a.buf;
    p->sig_ignored = ignored;
    p->ncpus = o.smp;
    if (getrandom(p->seed, sizeof(p->seed), 0) != sizeof(p->seed))
        return fail("getrandom: %s", strerror(errno));
    for (int fd = 0; fd < 3; fd++)
        p->tty[fd] = (uint8_t)isatty(fd);
    p->rows = ws.ws_row;
    p->cols = ws.ws_col;
    p->trace = (uint8_t)o.trace;
    /* The monitor asks KVM for the TSC rate; QEMU's guest needs ours. */
    p->tsc_khz = strcmp(o.vmm, "kvm") ? tsc_khz(t0, tsc0) : 0;
    p->realtime_ns = now_ns(CLOCK_REALTIME);
    p->report = o.report != NULL;
    int report_fd = 0;
    if (o.report &&
        (report_fd = open(o.report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                          0644)) < 0)
        return fail("--syscall-report: %s", strerror(errno));
    const char *cmdline = "";

    if (!strcmp(o.vmm, "kvm")) {
        struct monitor_config mc = {.kernel_path = kernel, .mem_size = o.mem,
                                    .initrd = a.buf, .initrd_size = a.len,
                                    .cmdline = cmdline,
                                    .report_fd = report_fd,
                                    .ncpus = o.smp, .nmounts = o.nmounts};
        for (int k = 0; k < o.nmounts; k++)
            mc.mounts[k] = (struct monitor_mount){o.mounts[k].host,
                                                  o.mounts[k].ro};
        int status = monitor_run(&mc);
        monitor_restore_termios();
        return status;
    }
    struct qemu_config qc = {.kernel_path = kernel, .firmware_path = firmware,
                             .accel = o.accel ? o.accel : "tcg",
                             .mem_size = o.mem, .initrd = a.buf,
                             .initrd_size = a.len, .cmdline = cmdline,
                             .report_fd = report_fd, .ncpus = o.smp,
                             .extra = o.qemu_args, .nextra = o.nqemu,
                             .print_only = o.print_qemu,
                             .mounts = o.mounts, .nmounts = o.nmounts};
    int status = qemu_run(&qc);
    monitor_restore_termios();
    return status;
}
