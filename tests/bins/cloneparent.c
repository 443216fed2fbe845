/* SPDX-License-Identifier: MIT */
/*
 * clone with CLONE_PARENT: the new process is its caller's sibling.  A
 * forks B; B clones C with CLONE_PARENT|SIGCHLD.  C's parent is A (C
 * exits 5 when getppid() says so, 6 when not); B has no child to wait
 * for; A reaps both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    pid_t a = getpid();
    pid_t b = fork();
    if (b == 0) {
        long c = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
        if (c == 0)
            _exit(getppid() == a ? 5 : 6);
        if (c < 0) {
            printf("B: clone: %s\n", strerror(errno));
            exit(1);
        }
        errno = 0;
        int r = waitpid(-1, NULL, 0);
        printf("B: wait: %d %s\n", r, strerror(errno));
        exit(0);
    }
    int codes[2], n = 0, st;
    while (n < 2 && waitpid(-1, &st, 0) > 0)
        codes[n++] = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (n == 2 && codes[0] > codes[1]) {
        int t = codes[0];
        codes[0] = codes[1];
        codes[1] = t;
    }
    printf("A reaped %d: %d %d\n", n, codes[0], n > 1 ? codes[1] : -1);
    return 0;
}
