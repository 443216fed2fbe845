/* SPDX-License-Identifier: MIT */
/*
 * fork and wait: every kind of status (exit codes, death by SIGSEGV,
 * SIGABRT, SIGKILL, SIGTERM, SIGPIPE), WNOHANG, ECHILD, waitid with
 * WNOWAIT, copy-on-write memory, shared file offsets, pipes and EOF,
 * SIGCHLD by handler and auto-reaping by SIG_IGN, nested forks, many
 * children at once, exit_group from a child's second thread, fork from a
 * threaded parent, and an orphan that gets a new parent.  Pids are never
 * printed, only how they relate.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF (256 * 1024)
static char buf[BUF];

static pid_t child(void)
{
    fflush(stdout); /* or the child would print our buffer again */
    pid_t p = fork();
    if (p < 0) {
        perror("fork");
        exit(1);
    }
    return p;
}

static void status(const char *what, pid_t p)
{
    int st;
    pid_t w = waitpid(p, &st, 0);
    if (w != p)
        printf("%s: waitpid gave %s\n", what, strerror(errno));
    else if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    else
        printf("%s: status %#x\n", what, st);
}

/* A child that has started and waits in pause(). */
static pid_t pausing_child(void)
{
    int go[2];
    char c;
    pipe(go);
    pid_t p = child();
    if (!p) {
        close(go[0]);
        write(go[1], "r", 1);
        for (;;)
            pause();
    }
    close(go[1]);
    read(go[0], &c, 1);
    close(go[0]);
    return p;
}

static void statuses(void)
{
    int codes[] = {0, 3, 255};
    for (int i = 0; i < 3; i++) {
        pid_t p = child();
        if (!p)
            _exit(codes[i]);
        status("exit code", p);
    }
    pid_t p = child();
    if (!p) {
        volatile int *bad = (volatile int *)(uintptr_t)atoi("16");
        *bad = 1;
        _exit(0);
    }
    status("null write", p);
    if (!(p = child()))
        abort();
    status("abort", p);
    kill(p = pausing_child(), SIGKILL);
    status("SIGKILL", p);
    kill(p = pausing_child(), SIGTERM);
    status("SIGTERM", p);
}

static void nohang_and_echild(void)
{
    int fds[2], st;
    pipe(fds);
    pid_t p = child();
    if (!p) {
        char c;
        close(fds[1]);
        _exit(read(fds[0], &c, 1) == 1 ? c : 99);
    }
    close(fds[0]);
    printf("WNOHANG while it runs: %d\n", (int)waitpid(p, &st, WNOHANG));
    write(fds[1], "\x11", 1);
    close(fds[1]);
    status("after the pipe", p);
    errno = 0;
    int r = (int)waitpid(-1, &st, 0);
    printf("waitpid with no child: %d %s\n", r,
           errno == ECHILD ? "ECHILD" : strerror(errno));
    printf("WNOHANG with no child: %s\n",
           waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD ? "ECHILD" : "?");
}

static void waitid_nowait(void)
{
    pid_t p = child();
    if (!p)
        _exit(42);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = waitid(P_PID, p, &si, WEXITED | WNOWAIT);
    printf("waitid: %d signo %s code %s pid %s status %d\n", r,
           si.si_signo == SIGCHLD ? "SIGCHLD" : "?",
           si.si_code == CLD_EXITED ? "CLD_EXITED" : "?",
           si.si_pid == p ? "right" : "wrong", si.si_status);
    status("still there after WNOWAIT", p);
}

static void memory_and_files(void)
{
    memset(buf, 'p', BUF);
    int fds[2];
    pipe(fds);
    char name[64];
    snprintf(name, sizeof name, "/tmp/ukt.fork.%d", (int)getpid());
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
    pid_t me = getpid(), p = child();
    if (!p) {
        int ok = getppid() == me && buf[BUF - 1] == 'p';
        memset(buf, 'c', BUF);
        ok = ok && buf[0] == 'c' && buf[BUF - 1] == 'c';
        write(fd, "abc", 3);
        close(fds[0]);
        dprintf(fds[1], "child: sees parent's memory, own copy, ppid %s\n",
                ok ? "right" : "wrong");
        _exit(0);
    }
    close(fds[1]);
    char line[128];
    ssize_t n, got = 0;
    while ((n = read(fds[0], line + got, sizeof line - 1 - got)) > 0)
        got += n;
    line[got] = 0;
    printf("%s", line);
    printf("pipe: EOF after the child's end\n");
    close(fds[0]);
    status("memory child", p);
    int same = 1;
    for (int i = 0; i < BUF; i++)
        same &= buf[i] == 'p';
    printf("parent's memory unchanged: %s\n", same ? "yes" : "no");
    printf("shared offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    unlink(name);
}

static void sigpipe(void)
{
    int fds[2];
    pipe(fds);
    close(fds[0]);
    pid_t p = child();
    if (!p) {
        write(fds[1], "x", 1);
        _exit(0);
    }
    close(fds[1]);
    status("write to a closed pipe", p);
    pipe(fds);
    close(fds[0]);
    if (!(p = child())) {
        signal(SIGPIPE, SIG_IGN);
        _exit(write(fds[1], "x", 1) < 0 && errno == EPIPE ? 32 : 1);
    }
    close(fds[1]);
    status("with SIGPIPE ignored (32 is EPIPE)", p);
}

static volatile sig_atomic_t chld;
static void on_chld(int sig)
{
    (void)sig;
    chld++;
}

static void sigchld(void)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    signal(SIGCHLD, on_chld);
    pid_t p = child();
    if (!p)
        _exit(0);
    while (!chld)
        sigsuspend(&old);
    printf("SIGCHLD handler ran\n");
    status("after SIGCHLD", p);
    signal(SIGCHLD, SIG_IGN);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (!(p = child()))
        _exit(0);
    int st;
    errno = 0;
    pid_t w = wait(&st); /* waits for it, then finds no zombie */
    printf("SIG_IGN: wait gives %d %s\n", (int)w,
           errno == ECHILD ? "ECHILD" : strerror(errno));
    signal(SIGCHLD, SIG_DFL);
}

static void nested_and_many(void)
{
    pid_t p = child();
    if (!p) {
        pid_t q = child();
        if (!q)
            _exit(9);
        int st;
        waitpid(q, &st, 0);
        _exit(WEXITSTATUS(st) + 1);
    }
    status("nested", p);
    enum { N = 20 };
    pid_t kids[N];
    for (int i = 0; i < N; i++)
        if (!(kids[i] = child()))
            _exit(i);
    int sum = 0, reaped = 0, st;
    for (pid_t w; (w = wait(&st)) > 0; reaped++)
        for (int i = 0; i < N; i++)
            if (kids[i] == w)
                sum += WEXITSTATUS(st) == i;
    printf("%d children: %d reaped, %d with their own status\n", N, reaped,
           sum);
}

static void *exiter(void *arg)
{
    (void)arg;
    exit(5);
    return NULL;
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void threads(void)
{
    pid_t p = child();
    if (!p) {
        pthread_t t;
        pthread_create(&t, NULL, exiter, NULL);
        for (;;)
            pause();
    }
    status("exit from a child's thread", p);
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    if (!(p = child())) {
        printf("child of a threaded parent runs\n");
        fflush(stdout);
        _exit(0);
    }
    status("threaded parent's child", p);
    struct rusage ru;
    int st;
    if (!(p = child()))
        _exit(0);
    printf("wait4 with rusage: %s\n",
           wait4(p, &st, 0, &ru) == p ? "ok" : strerror(errno));
}

static void orphan(void)
{
    int fds[2];
    pipe(fds);
    pid_t p = child();
    if (!p) {
        pid_t parent = getpid();
        if (!child()) {
            close(fds[0]);
            while (getppid() == parent)
                usleep(1000);
            dprintf(fds[1], "orphan: got a new parent\n");
            _exit(0);
        }
        _exit(0);
    }
    close(fds[1]);
    status("orphan's parent", p);
    char line[64];
    ssize_t n = read(fds[0], line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    printf("%s", line);
    close(fds[0]);
}

int main(void)
{
    statuses();
    nohang_and_echild();
    waitid_nowait();
    memory_and_files();
    sigpipe();
    sigchld();
    nested_and_many();
    threads();
    orphan();
    return 0;
}
