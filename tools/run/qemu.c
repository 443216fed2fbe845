// SPDX-License-Identifier: MIT
/*
 * --vmm qemu: run qemu-system-x86_64 -M microvm with the kernel as a PVH
 * ELF, and relay: our stdin goes to the guest's COM1 (escaped, with an
 * end-of-input mark), and COM1's output is split back into stdout and
 * stderr.  The exit status travels in the same stream, and so do the
 * signals ./run receives for the program (SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH after the terminal's new size,
 * SIGTSTP, SIGCONT), which the guest acknowledges; when the guest's first
 * process stops, ./run stops too (monitor_stop_self).  One of the first
 * four that it has not taken within GRACE_MS, or a second while the first
 * waits, ends QEMU from here.  The guest's terminal modes come the same
 * way (monitor_set_termios).
 * QEMU runs in its own process group (the terminal's signals reach only
 * us) and dies with us (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "include/abi.h"
#include "tools/monitor/monitor.h"
#include "tools/run/run.h"

#define GRACE_MS 2000

struct relay {
    int state;        /* 0 data, 1 after ESC, 2/3 reading exit bytes,
                       * 4 reading an acknowledged signal's number,
                       * 5 the signal that stopped the first process,
                       * 6 the bytes of a struct uk_hc_termios */
    size_t nterm;     /* of those, how many came */
    struct uk_hc_termios term;
    int sig_waiting;  /* a signal sent that the guest has not taken */
    int ready;        /* the guest can take stdin (UK_SER_READY) */
    int stream;       /* 1 stdout, 2 stderr, 3 the syscall report */
    int status, kind; /* from UK_SER_EXIT; status -1 until then */
    int fd[3];        /* where streams 1, 2 and 3 go (-1: dropped) */
    uint8_t out[3][65536];
    size_t nout[3];
};

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1; /* e.g. EPIPE: the reader went away; drop output */
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void flush(struct relay *r)
{
    for (int i = 0; i < 3; i++) {
        if (r->fd[i] >= 0)
            write_all(r->fd[i], r->out[i], r->nout[i]);
        r->nout[i] = 0;
    }
}

static void emit(struct relay *r, uint8_t c)
{
    int i = r->stream - 1;
    for (int j = 0; j < 3; j++)
        if (j != i && r->nout[j])
            flush(r); /* keep the order of the streams' bytes */
    if (r->nout[i] == sizeof(r->out[i]))
        flush(r);
    r->out[i][r->nout[i]++] = c;
}

static void decode(struct relay *r, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (r->state) {
        case 0:
            if (c == UK_SER_ESC)
                r->state = 1;
            else
                emit(r, c);
            break;
        case 1:
            r->state = 0;
            if (c == UK_SER_ESC)
                emit(r, c);
            else if (c == UK_SER_STDOUT)
                r->stream = 1;
            else if (c == UK_SER_STDERR)
                r->stream = 2;
            else if (c == UK_SER_REPORT)
                r->stream = 3;
            else if (c == UK_SER_EXIT)
                r->state = 2;
            else if (c == UK_SER_READY)
                r->ready = 1;
            else if (c == UK_SER_SIGACK)
                r->state = 4;
            else if (c == UK_SER_STOP)
                r->state = 5;
            else if (c == UK_SER_TERMIOS)
                r->state = 6, r->nterm = 0;
            break;
        case 2:
            r->status = c;
            r->state = 3;
            break;
        case 3:
            r->kind = c;
            r->state = 0;
            break;
        case 4:
            if (c == r->sig_waiting)
                r->sig_waiting = 0;
            r->state = 0;
            break;
        case 5:
            flush(r);
            if (c >= SIGSTOP && c <= SIGTTOU)
                monitor_stop_self(c);
            r->state = 0;
            break;
        case 6:
            ((uint8_t *)&r->term)[r->nterm++] = c;
            if (r->nterm == sizeof(r->term)) {
                flush(r); /* what came before, in the modes it came in */
                monitor_set_termios(&r->term);
                r->state = 0;
            }
            break;
        }
    }
    flush(r);
}

/* s with each ',' doubled, as QEMU's option syntax wants; malloc'ed. */
static char *qemu_escape(const char *s)
{
    char *out = malloc(2 * strlen(s) + 1), *p = out;
    for (; out && *s; s++) {
        *p++ = *s;
        if (*s == ',')
            *p++ = ',';
    }
    if (out)
        *p = 0;
    return out;
}

/* Host directory i as QEMU's virtio-9p on virtio-mmio transport i
 * (include/abi.h): four words at argv. */
static int qemu_mount(char **argv, int i, const struct run_mount *m)
{
    char *path = qemu_escape(m->host);
    if (!path ||
        asprintf(&argv[1], "local,id=uk%d,path=%s,security_model=none%s", i,
                 path, m->ro ? ",readonly=on" : "") < 0 ||
        asprintf(&argv[3], "virtio-9p-device,bus=virtio-mmio-bus.%d,"
                 "fsdev=uk%d,mount_tag=uk%d", i, i, i) < 0)
        return -1;
    free(path);
    argv[0] = "-fsdev";
    argv[2] = "-device";
    return 0;
}

/* QEMU's argv for config c, with the archive at initrd; malloc'ed. */
static char **qemu_argv(const struct qemu_config *c, const char *initrd)
{
    static char mem[32], smp[16];
    snprintf(mem, sizeof(mem), "%lluK",
             (unsigned long long)(c->mem_size >> 10));
    snprintf(smp, sizeof(smp), "%u", c->ncpus ? c->ncpus : 1);
    int kvm = !strcmp(c->accel, "kvm");
    const char *fixed[] = {
        "qemu-system-x86_64", "-M",
        "microvm,pit=off,pic=off,rtc=off,isa-serial=on,acpi=off",
        "-accel", kvm ? "kvm" : "tcg", "-cpu", kvm ? "host" : "max",
        "-m", mem, "-smp", smp, "-nodefaults", "-no-user-config",
        "-display", "none", "-no-reboot",
        "-chardev", "stdio,id=con,signal=off", "-serial", "chardev:con",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
        "-bios", c->firmware_path, "-kernel", c->kernel_path,
        "-initrd", initrd,
        "-append", c->cmdline, NULL};
    int n = (int)(sizeof(fixed) / sizeof(fixed[0])) - 1;
    char **argv = calloc((size_t)(n + 2 + 4 * c->nmounts + c->nextra + 1),
                         sizeof(char *));
    if (!argv)
        return NULL;
    memcpy(argv, fixed, (size_t)n * sizeof(char *));
    if (c->nmounts) { /* modern registers, as the kernel's driver wants */
        argv[n++] = "-global";
        argv[n++] = "virtio-mmio.force-legacy=false";
    }
    for (int i = 0; i < c->nmounts; i++, n += 4)
        if (qemu_mount(argv + n, i, &c->mounts[i]))
            return NULL;
    for (int i = 0; i < c->nextra; i++)
        argv[n + i] = c->extra[i];
    return argv;
}

/* argv as one line that a POSIX shell reads back word for word. */
static void print_argv(char **argv)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                "-_=,./:+@%";
    for (int i = 0; argv[i]; i++) {
        const char *w = argv[i];
        fputs(i ? " " : "", stdout);
        if (*w && strspn(w, plain) == strlen(w)) {
            fputs(w, stdout);
            continue;
        }
        putchar('\'');
        for (; *w; w++)
            if (*w == '\'')
                fputs("'\\''", stdout);
            else
                putchar(*w);
        putchar('\'');
    }
    putchar('\n');
}

static int spawn(char **argv, int *to, int *from)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
        return -1;
    pid_t parent = getpid(), pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(UK_STATUS_VMM); /* we already died */
        dup2(in[0], 0);
        dup2(out[1], 1);
        execvp(argv[0], argv);
        fprintf(stderr, "run: cannot start %s: %s (try: make deps)\n",
                argv[0], strerror(errno));
        _exit(UK_STATUS_VMM);
    }
    close(in[0]);
    close(out[1]);
    *to = in[1];
    *from = out[0];
    return pid;
}

/* The escape that tells the guest the terminal's size; its length. */
static size_t winsize(uint8_t *p)
{
    struct winsize ws = {0};
    for (int fd = 0; fd < 3; fd++)
        if (!ioctl(fd, TIOCGWINSZ, &ws))
            break;
    uint8_t v[6] = {UK_SER_ESC, UK_SER_WINSIZE, ws.ws_row >> 8,
                    ws.ws_row & 0xff, ws.ws_col >> 8, ws.ws_col & 0xff};
    memcpy(p, v, sizeof(v));
    return sizeof(v);
}

static int signals_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGWINCH);
    sigaddset(&set, SIGTSTP);
    sigaddset(&set, SIGCONT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    return signalfd(-1, &set, SFD_CLOEXEC);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int qemu_run(const struct qemu_config *c)
{
    int memfd = memfd_create("uk-initrd", 0); /* QEMU opens it by path */
    char initrd[64];
    snprintf(initrd, sizeof(initrd), "/proc/self/fd/%d", memfd);
    char **argv = qemu_argv(c, initrd);
    if (argv && c->print_only) {
        print_argv(argv);
        return 0;
    }
    if (memfd < 0 || write_all(memfd, c->initrd, c->initrd_size)) {
        fprintf(stderr, "run: cannot stage the boot archive: %s\n",
                strerror(errno));
        return UK_STATUS_VMM;
    }
    int sfd = signals_fd();
    int to, from;
    pid_t pid = argv ? spawn(argv, &to, &from) : -1;
    close(memfd);
    free(argv);
    if (pid < 0) {
        fprintf(stderr, "run: cannot start QEMU: %s\n", strerror(errno));
        return UK_STATUS_VMM;
    }
    fcntl(to, F_SETFL, O_NONBLOCK);

    static struct relay r = {.stream = 1, .status = -1};
    r.fd[0] = 1;
    r.fd[1] = 2;
    r.fd[2] = c->report_fd > 0 ? c->report_fd : -1;
    static uint8_t inbuf[32768], esc[2 * sizeof(inbuf) + 64];
    size_t esc_len = 0, esc_off = 0;
    int stdin_open = 1, sig = 0, killed = 0;
    long long deadline = 0;
    for (;;) {
        struct pollfd p[4] = {{from, POLLIN, 0}, {-1, POLLIN, 0},
                              {-1, POLLOUT, 0}, {sfd, POLLIN, 0}};
        if (!r.sig_waiting)
            deadline = 0;
        if (r.ready && stdin_open && esc_off == esc_len && !r.sig_waiting)
            p[1].fd = 0;
        if (r.ready && esc_off < esc_len)
            p[2].fd = to;
        long long left = deadline ? deadline - now_ms() : -1;
        if (deadline && left <= 0) {
            fprintf(stderr, "uk: the guest did not take SIG%s within 2 s: "
                            "stopping it\n", sigabbrev_np(sig));
            killed = 1;
            break;
        }
        if (poll(p, 4, (int)left) < 0 && errno != EINTR)
            break;
        if (p[0].revents) {
            uint8_t buf[65536];
            ssize_t n = read(from, buf, sizeof(buf));
            if (n <= 0 && !(n < 0 && errno == EINTR))
                break;
            if (n > 0)
                decode(&r, buf, (size_t)n);
        }
        if (p[1].revents) {
            ssize_t n = read(0, inbuf, sizeof(inbuf));
            esc_off = esc_len = 0;
            for (ssize_t i = 0; i < n; i++) {
                if (inbuf[i] == UK_SER_ESC)
                    esc[esc_len++] = UK_SER_ESC;
                esc[esc_len++] = inbuf[i];
            }
            if (n <= 0 && !(n < 0 && errno == EINTR)) {
                esc[esc_len++] = UK_SER_ESC;
                esc[esc_len++] = UK_SER_EOF;
                stdin_open = 0;
            }
        }
        if (p[3].revents) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof(si)) != sizeof(si))
                continue;
            int s = (int)si.ssi_signo;
            int term = s == SIGTERM || s == SIGINT || s == SIGHUP ||
                       s == SIGQUIT;
            if (term && r.sig_waiting) {
                fprintf(stderr, "uk: SIG%s again before the guest took "
                                "the first: stopping it\n",
                        sigabbrev_np(s));
                sig = s;
                killed = 1;
                break;
            }
            /* After the stdin bytes already escaped: the framing cannot
             * be cut in the middle of a pair.  Others than the four that
             * end programs are dropped when the guest reads nothing. */
            if (esc_off == esc_len)
                esc_off = esc_len = 0;
            if (esc_len + 16 > sizeof(esc) && !term)
                continue;
            if (s == SIGWINCH)
                esc_len += winsize(esc + esc_len);
            esc[esc_len++] = UK_SER_ESC;
            esc[esc_len++] = UK_SER_SIGNAL;
            esc[esc_len++] = (uint8_t)s;
            if (term) {
                sig = s;
                r.sig_waiting = s;
                deadline = now_ms() + GRACE_MS;
            }
        }
        if (p[2].revents) {
            ssize_t w = write(to, esc + esc_off, esc_len - esc_off);
            if (w > 0)
                esc_off += (size_t)w;
            else if (w < 0 && errno != EAGAIN && errno != EINTR)
                esc_off = esc_len; /* QEMU stopped reading */
        }
    }
    if (killed)
        kill(pid, SIGKILL);
    close(to);
    close(from);
    int ws = 0;
    waitpid(pid, &ws, 0);
    if (killed)
        return 128 + sig;
    if (r.status >= 0)
        return r.status;
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == UK_STATUS_VMM)
        return UK_STATUS_VMM; /* exec failed; already reported */
    fprintf(stderr, "uk: the guest stopped without an exit status "
                    "(QEMU %s %d)\n",
            WIFSIGNALED(ws) ? "signal" : "status",
            WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
    return UK_STATUS_PANIC;
}
