// SPDX-License-Identifier: MIT
/*
 * bench/linux/init.c: PID 1 of the bench's Linux guest.  Mounts /proc,
 * /dev (devtmpfs), /tmp (tmpfs) and /sys, as a native process finds them,
 * then runs each line of /cmds in turn: argv words separated by single
 * spaces, and an optional last word <FILE for stdin (else /dev/null).
 * Their output (stdout and stderr, through a pipe) goes to the console
 * between
 *     @@begin N\n   ...the command's stdout and stderr...   \n@@end N STATUS NS\n
 * (N counts from 0; the \n before @@end is always added, so the output is
 * exactly what lies between the two markers; STATUS is the exit code, or
 * 128+signal; NS the nanoseconds from fork to exit, on the guest's
 * CLOCK_MONOTONIC).  The console's output processing is turned off, so bytes
 * pass unchanged.  After the last command it prints @@done and ends QEMU
 * through isa-debug-exit (port 0xf4), falling back to reboot(), which
 * QEMU's -no-reboot turns into an exit.
 * Commands run in / with PATH=/bin and HOME=/ and nothing else in their
 * environment.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_PORT 0xf4
#define EXIT_DONE 0x20 /* QEMU then exits with (0x20 << 1) | 1 = 65 */
#define MAX_WORDS 256

static char cmds[1 << 16];

/* Writes n bytes to the console (fd 1). */
static void put(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(1, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Writes a string to the console. */
static void say(const char *s)
{
    put(s, strlen(s));
}

/* Ends the VM: isa-debug-exit, else power off, else reboot (-no-reboot). */
static void end_vm(void)
{
    sync();
    if (ioperm(EXIT_PORT, 4, 1) == 0)
        outl(EXIT_DONE, EXIT_PORT);
    reboot(RB_POWER_OFF);
    reboot(RB_AUTOBOOT);
    for (;;)
        pause();
}

/* Splits line into argv (at most MAX_WORDS) and an optional "<FILE";
 * returns the number of words in argv. */
static int split(char *line, char **argv, const char **in)
{
    int n = 0;
    *in = "/dev/null";
    for (char *w = strtok(line, " "); w; w = strtok(NULL, " ")) {
        if (w[0] == '<')
            *in = w + 1;
        else if (n < MAX_WORDS)
            argv[n++] = w;
    }
    argv[n] = NULL;
    return n;
}

/* Copies what the command writes to the console until it closes. */
static void relay(int fd)
{
    static char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        put(buf, (size_t)n);
    }
}

/* Runs one command with stdin from `in` and stdout and stderr on one pipe
 * (not the console, so that a program buffers its output as it does
 * under a native run's pipe); returns its shell-style status.  A
 * background child that keeps the pipe open holds init here. */
static int run(char **argv, const char *in)
{
    int out[2];
    if (pipe(out) < 0)
        return 125;
    pid_t pid = fork();
    if (pid < 0)
        return 125;
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(out[0]);
        close(out[1]);
        int fd = open(in, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "init: %s: %s\n", in, strerror(errno));
            _exit(126);
        }
        dup2(fd, 0);
        if (fd != 0)
            close(fd);
        execvp(argv[0], argv);
        fprintf(stderr, "init: exec %s: %s\n", argv[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    close(out[1]);
    relay(out[0]);
    close(out[0]);
    /* PID 1 also reaps orphans; wait until this command's pid is back. */
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, 0);
        if (p < 0 && errno == EINTR)
            continue;
        if (p < 0)
            return 125;
        if (p == pid)
            return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
    }
}

int main(void)
{
    mkdir("/proc", 0555);
    mkdir("/dev", 0755);
    mkdir("/tmp", 01777);
    mkdir("/sys", 0555);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    chdir("/");

    /* fds 0-2 are /dev/console from the kernel; make sure of it. */
    int con = open("/dev/console", O_RDWR | O_NOCTTY);
    if (con >= 0) {
        for (int fd = 0; fd < 3; fd++)
            dup2(con, fd);
        if (con > 2)
            close(con);
    }
    struct termios t;
    if (tcgetattr(1, &t) == 0) {
        t.c_oflag &= ~(tcflag_t)OPOST; /* no \n -> \r\n */
        tcsetattr(1, TCSANOW, &t);
    }

    clearenv();
    setenv("PATH", "/bin", 1);
    setenv("HOME", "/", 1);

    int fd = open("/cmds", O_RDONLY);
    ssize_t len = fd < 0 ? -1 : read(fd, cmds, sizeof(cmds) - 1);
    close(fd); /* the commands get fds 0-2 only */
    if (len < 0) {
        say("\n@@error cannot read /cmds\n");
        end_vm();
    }
    cmds[len] = 0;

    say("\n@@init\n");
    char *save, *argv[MAX_WORDS + 1], buf[64];
    int n = 0;
    for (char *line = strtok_r(cmds, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        const char *in;
        if (split(line, argv, &in) == 0)
            continue;
        snprintf(buf, sizeof(buf), "@@begin %d\n", n);
        say(buf);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int status = run(argv, in);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        snprintf(buf, sizeof(buf), "\n@@end %d %d %lld\n", n, status,
                 (t1.tv_sec - t0.tv_sec) * 1000000000LL +
                     (t1.tv_nsec - t0.tv_nsec));
        say(buf);
        n++;
    }
    say("@@done\n");
    end_vm();
    return 0;
}
