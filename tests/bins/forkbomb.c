/* SPDX-License-Identifier: MIT */
/*
 * A fork bomb, bounded: children that sleep are made until fork fails or
 * MAX exist.  Natively MAX is reached (or the host's limit); in the VM,
 * whose RAM NAME.opts keeps small, memory runs out first.  Either way
 * fork fails with EAGAIN or ENOMEM, never a crash, and then every child
 * is killed and reaped, and the program carries on: it forks once more.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX 1500

static pid_t kids[MAX];

int main(void)
{
    int n = 0, err = 0;
    fflush(stdout);
    while (n < MAX) {
        pid_t p = fork();
        if (p < 0) {
            err = errno;
            break;
        }
        if (p == 0) {
            for (;;)
                pause();
        }
        kids[n++] = p;
    }
    /* the cap natively, the limit in the VM: both are right */
    printf("stopped at the cap or by EAGAIN/ENOMEM: %s\n",
           n == MAX || err == EAGAIN || err == ENOMEM ? "yes" : "no");
    printf("made some: %s\n", n > 10 ? "yes" : "no");
    for (int i = 0; i < n; i++)
        kill(kids[i], SIGKILL);
    int reaped = 0, st, killed = 0;
    for (pid_t w; (w = wait(&st)) > 0; reaped++)
        killed += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
    printf("all reaped: %s, all by SIGKILL: %s\n", reaped == n ? "yes" : "no",
           killed == n ? "yes" : "no");
    pid_t p = fork();
    if (p == 0)
        _exit(7);
    printf("fork after: %s\n",
           p > 0 && waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 7 ? "works"
                                                                    : "fails");
    return 0;
}
