/* SPDX-License-Identifier: MIT */
/*
 * Orphaned process groups (POSIX): a group none of whose members has a
 * parent in another group of the session.  When a group becomes orphaned
 * while a member is stopped, every member gets SIGHUP, then SIGCONT; in
 * an orphaned group the terminal stops (SIGTSTP, SIGTTIN, SIGTTOU) do
 * nothing by default.
 *
 * M starts a session of its own, so that nothing outside it (the runner,
 * the VM's first process) can keep the group from being orphaned.  Its
 * child B leads a new group and forks C into it; C stops itself; B exits
 * once it has seen the stop, which orphans the group: C must hear SIGHUP
 * and SIGCONT, then survive a SIGTSTP and a SIGTTIN it sends itself.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int out; /* C's end of the pipe to M */
static volatile sig_atomic_t hup, cont;

static void note(int sig)
{
    if (sig == SIGHUP)
        hup = 1;
    else
        cont = 1;
}

static void child_c(void)
{
    struct sigaction sa = {.sa_handler = note};
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCONT, &sa, NULL);
    raise(SIGSTOP); /* until the group is orphaned */
    /* Both handlers have run before raise returns, in either order. */
    write(out, hup ? "h" : "-", 1);
    write(out, cont ? "c" : "-", 1);
    raise(SIGTSTP); /* dropped now */
    write(out, "t", 1);
    kill(0, SIGTTIN); /* the whole group: dropped too */
    write(out, "i", 1);
    _exit(0);
}

static void child_b(void)
{
    setpgid(0, 0);
    pid_t c = fork();
    if (c == 0)
        child_c();
    int st;
    if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st)) {
        printf("B: C did not stop\n");
        _exit(1);
    }
    _exit(0); /* orphans the group, C stopped in it */
}

static int session_m(void)
{
    int p[2];
    if (setsid() < 0 || pipe(p) < 0) {
        perror("setsid or pipe");
        return 1;
    }
    out = p[1];
    pid_t b = fork();
    if (b == 0)
        child_b();
    close(p[1]);
    int st;
    waitpid(b, &st, 0);
    printf("B exited with %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    char buf[16];
    ssize_t n, got = 0;
    while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
        got += n; /* to EOF: C has exited */
    buf[got] = 0;
    printf("C heard and did: %s\n", buf);
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0); /* children leave with _exit */
    pid_t m = fork();
    if (m == 0)
        _exit(session_m());
    int st;
    waitpid(m, &st, 0);
    printf("M exited with %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
