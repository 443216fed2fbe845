/* SPDX-License-Identifier: MIT */
/*
 * Stopping and continuing a child: SIGSTOP and SIGTSTP by default stop
 * it, wait4 with WUNTRACED and WCONTINUED reports the stop and the going
 * on once each, waitid too (CLD_STOPPED, CLD_CONTINUED, WNOWAIT), the
 * parent's SIGCHLD handler gets the codes, a stopped child still dies of
 * SIGKILL, a handled SIGTSTP does not stop, and a stopped child's pending
 * signal waits for SIGCONT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t codes[8], ncodes;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    if (ncodes < 8)
        codes[ncodes++] = si->si_code;
}

/* The child's end of its pipe to the parent, and the parent's. */
static int to_parent, from_child;

static void on_usr1(int sig)
{
    (void)sig;
    write(to_parent, "u", 1);
}

static void on_tstp(int sig)
{
    (void)sig;
    write(to_parent, "t", 1);
}

/* What the child's handler sent (SIGCHLD, without SA_RESTART, may
 * interrupt the read; wait4 must not fail for it when it has news). */
static char heard(void)
{
    char c = '?';
    while (read(from_child, &c, 1) < 0 && errno == EINTR)
        ;
    return c;
}

static const char *what(int st)
{
    static char buf[64];
    if (WIFSTOPPED(st))
        snprintf(buf, sizeof buf, "stopped by %d", WSTOPSIG(st));
    else if (WIFCONTINUED(st))
        snprintf(buf, sizeof buf, "continued");
    else if (WIFSIGNALED(st))
        snprintf(buf, sizeof buf, "killed by %d", WTERMSIG(st));
    else
        snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
    return buf;
}

static void show(const char *label, pid_t p, int options)
{
    int st = 0;
    pid_t w = waitpid(p, &st, options);
    printf("%s: %s\n", label,
           w == p ? what(st) : w == 0 ? "nothing" : strerror(errno));
}

/* A child that reports it runs, then waits for signals. */
static pid_t child(void (*setup)(void))
{
    int go[2];
    pipe(go);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        to_parent = go[1];
        if (setup)
            setup();
        close(go[0]);
        write(go[1], "r", 1);
        for (;;)
            pause();
    }
    close(go[1]);
    from_child = go[0];
    heard();
    return p;
}

static void usr1_handler(void)
{
    signal(SIGUSR1, on_usr1);
}

static void tstp_handler(void)
{
    signal(SIGTSTP, on_tstp);
}

int main(void)
{
    struct sigaction sa = {.sa_sigaction = on_chld, .sa_flags = SA_SIGINFO};
    sigaction(SIGCHLD, &sa, NULL);

    pid_t p = child(usr1_handler);
    kill(p, SIGSTOP);
    show("after SIGSTOP", p, WUNTRACED);
    show("again", p, WUNTRACED | WNOHANG);
    kill(p, SIGUSR1); /* pending: the child is stopped */
    kill(p, SIGCONT);
    show("after SIGCONT", p, WCONTINUED);
    printf("the USR1 sent while stopped ran after: %s\n",
           heard() == 'u' ? "yes" : "no");
    kill(p, SIGTSTP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WSTOPPED | WNOWAIT);
    printf("waitid: code %s, status %d\n",
           si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", si.si_status);
    show("SIGTSTP, after WNOWAIT", p, WUNTRACED);
    kill(p, SIGCONT);
    memset(&si, 0, sizeof si);
    waitid(P_PID, p, &si, WCONTINUED);
    printf("waitid: code %s, status %d\n",
           si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?", si.si_status);
    kill(p, SIGSTOP);
    show("stopped again", p, WUNTRACED);
    kill(p, SIGKILL);
    show("SIGKILL while stopped", p, 0);
    close(from_child);

    p = child(tstp_handler);
    kill(p, SIGTSTP);
    printf("SIGTSTP handler ran: %s\n", heard() == 't' ? "yes" : "no");
    show("handled SIGTSTP", p, WUNTRACED | WNOHANG);
    kill(p, SIGTERM);
    show("then SIGTERM", p, 0);

    int n = 0;
    for (int i = 0; i < ncodes; i++)
        n += codes[i] == CLD_STOPPED || codes[i] == CLD_CONTINUED ||
             codes[i] == CLD_KILLED;
    printf("SIGCHLD handler saw stops, continues and deaths: %s\n",
           n >= 3 ? "yes" : "no");
    return 0;
}
