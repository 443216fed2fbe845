/* SPDX-License-Identifier: MIT */
/*
 * Process groups and sessions with fork: getpgrp, getpgid and getsid
 * agree; setpgid from the child and from its parent (racing, both fine);
 * setpgid's EPERM, EINVAL and ESRCH; getpgid of a reaped child (ESRCH);
 * setsid in a child makes it leader of a new session and group, and a
 * second setsid fails with EPERM; kill(-pgid) reaches every member of a
 * group of three; kill with signal 0 to ourselves, our group and a reaped
 * child.  Pipes synchronise; pids are never printed, only how they relate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
static int done_fd = -1; /* where the SIGTERM handler writes */

static const char *errname(int e)
{
    switch (e) {
    case 0: return "no error";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    case ESRCH: return "ESRCH";
    case EACCES: return "EACCES";
    default: return "another error";
    }
}

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "no");
    if (!ok)
        failures++;
}

/* Prints the error of a call expected to fail with want. */
static void fails(const char *what, long r, int want)
{
    int e = r < 0 ? errno : 0;
    printf("%s: %s\n", what, errname(e));
    if (e != want)
        failures++;
}

static pid_t child(void)
{
    fflush(stdout);
    pid_t p = fork();
    if (p < 0) {
        perror("fork");
        exit(1);
    }
    return p;
}

static int reap(pid_t p)
{
    int st;
    if (waitpid(p, &st, 0) != p)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char get(int fd)
{
    char c = 0;
    if (read(fd, &c, 1) != 1)
        return 0;
    return c;
}

static void put(int fd, char c)
{
    if (write(fd, &c, 1) != 1)
        _exit(100);
}

/* A child moves itself into a new group while its parent does the same;
 * then setpgid's errors, with the child's group and the child gone. */
static pid_t own_group(void)
{
    int report[2], go[2];
    if (pipe(report) || pipe(go))
        exit(1);
    pid_t p = child();
    if (p == 0) {
        int ok = setpgid(0, 0) == 0 && getpgrp() == getpid() &&
                 getpgid(0) == getpid();
        put(report[1], ok ? 'y' : 'n');
        get(go[0]); /* stay alive while the parent looks */
        _exit(0);
    }
    int r = setpgid(p, p);
    check("parent's setpgid(child, child) worked or raced an exec",
          r == 0 || errno == EACCES);
    check("child says it leads its own group", get(report[0]) == 'y');
    check("getpgid(child) == child", getpgid(p) == p);
    check("child's group is not ours", getpgid(p) != getpgrp());
    fails("setpgid(0, -1)", setpgid(0, -1), EINVAL);
    fails("setpgid(-1, 0)", setpgid(-1, 0), EINVAL);
    put(go[1], 'x');
    check("child exited 0", reap(p) == 0);
    close(report[0]);
    close(report[1]);
    close(go[0]);
    close(go[1]);
    return p; /* reaped: neither a process nor a group any more */
}

static void gone(pid_t dead)
{
    fails("getpgid(reaped child)", getpgid(dead), ESRCH);
    fails("getsid(reaped child)", getsid(dead), ESRCH);
    fails("setpgid(reaped child, 0)", setpgid(dead, 0), ESRCH);
    fails("kill(reaped child, 0)", kill(dead, 0), ESRCH);

    /* A live child cannot join a group that does not exist. */
    int go[2];
    if (pipe(go))
        exit(1);
    pid_t p = child();
    if (p == 0) {
        get(go[0]);
        _exit(0);
    }
    fails("setpgid(child, group that is gone)", setpgid(p, dead), EPERM);
    check("child stayed in our group", getpgid(p) == getpgrp());
    put(go[1], 'x');
    check("child exited 0", reap(p) == 0);
    close(go[0]);
    close(go[1]);
}

static void new_session(void)
{
    pid_t p = child();
    if (p == 0) {
        pid_t me = getpid();
        int bits = 0;
        bits |= (setsid() == me) << 0;
        bits |= (getsid(0) == me) << 1;
        bits |= (getpgrp() == me) << 2;
        bits |= (setsid() < 0 && errno == EPERM) << 3;
        bits |= (setpgid(0, 0) < 0 && errno == EPERM) << 4;
        _exit(bits);
    }
    int bits = reap(p);
    check("setsid() returned the pid", bits >= 0 && (bits & 1));
    check("getsid(0) is the pid", bits >= 0 && (bits & 2));
    check("getpgrp() is the pid", bits >= 0 && (bits & 4));
    check("second setsid() is EPERM", bits >= 0 && (bits & 8));
    check("session leader's setpgid(0, 0) is EPERM", bits >= 0 && (bits & 16));
}

static void on_term(int sig)
{
    (void)sig;
    char c = 't';
    if (write(done_fd, &c, 1) != 1)
        _exit(2);
    _exit(0);
}

static void group_kill(void)
{
    int ready[2], done[2];
    if (pipe(ready) || pipe(done))
        exit(1);
    done_fd = done[1];
    pid_t kids[3], leader = 0;
    for (int i = 0; i < 3; i++) {
        pid_t p = child();
        if (p == 0) {
            signal(SIGTERM, on_term);
            if (setpgid(0, i ? leader : 0) && errno != EACCES)
                _exit(3);
            put(ready[1], 'r');
            for (;;)
                pause();
        }
        if (i == 0)
            leader = p;
        if (setpgid(p, leader) && errno != EACCES)
            printf("setpgid(child %d, leader): %s\n", i, errname(errno));
        kids[i] = p;
    }
    int n = 0;
    for (int i = 0; i < 3; i++)
        n += get(ready[0]) == 'r';
    check("three children ready", n == 3);
    int same = 0;
    for (int i = 0; i < 3; i++)
        same += getpgid(kids[i]) == leader;
    printf("children in the first one's group: %d\n", same);
    check("kill(-group, SIGTERM)", kill(-leader, SIGTERM) == 0);
    n = 0;
    for (int i = 0; i < 3; i++)
        n += get(done[0]) == 't';
    printf("handlers that ran: %d\n", n);
    int zero = 0;
    for (int i = 0; i < 3; i++)
        zero += reap(kids[i]) == 0;
    printf("children that exited 0: %d\n", zero);
    if (same != 3 || n != 3 || zero != 3)
        failures++;
    fails("kill(-reaped group, 0)", kill(-leader, 0), ESRCH);
    close(ready[0]);
    close(ready[1]);
    close(done[0]);
    close(done[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    check("getpgrp() == getpgid(0)", getpgrp() == getpgid(0));
    check("getpgid(getpid()) == getpgid(0)", getpgid(getpid()) == getpgid(0));
    check("getsid(0) == getsid(getpid())", getsid(0) == getsid(getpid()));
    check("kill(0, 0) is 0", kill(0, 0) == 0);
    check("kill(-getpgrp(), 0) is 0", kill(-getpgrp(), 0) == 0);
    check("kill(getpid(), 0) is 0", kill(getpid(), 0) == 0);
    pid_t dead = own_group();
    gone(dead);
    new_session();
    group_kill();
    printf("failures: %d\n", failures);
    return failures != 0;
}
