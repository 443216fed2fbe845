/* SPDX-License-Identifier: MIT */
/*
 * /proc of other processes: a child's /proc/PID/stat, status, cmdline,
 * exe and fd, /proc/self in the child, the pid in a listing of /proc,
 * the zombie's state before it is reaped, and no directory after.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int n = (int)read(fd, buf, cap - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

static int listed(pid_t pid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        found |= atoi(e->d_name) == pid;
    if (d)
        closedir(d);
    return found;
}

int main(int argc, char **argv)
{
    if (argc > 1) { /* the child: /proc/self is itself, then wait */
        char link[32], want[32];
        ssize_t n = readlink("/proc/self", link, sizeof link - 1);
        link[n > 0 ? n : 0] = 0;
        snprintf(want, sizeof want, "%d", (int)getpid());
        printf("child: /proc/self is its pid: %s\n",
               strcmp(link, want) ? "no" : "yes");
        fflush(stdout);
        write(3, "r", 1);
        pause();
        return 0;
    }
    int go[2];
    pipe(go);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        dup2(go[1], 3);
        execl("/proc/self/exe", argv[0], "child", "second arg", (char *)0);
        _exit(127);
    }
    char c, path[64], buf[4096], mine[256], its[256];
    close(go[1]);
    read(go[0], &c, 1);

    snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
    read_file(path, buf, sizeof buf);
    int pid = 0, ppid = 0;
    char comm[64] = "";
    sscanf(buf, "%d (%63[^)]) %*c %d", &pid, comm, &ppid);
    printf("stat: pid %s, ppid %s, comm %s\n", pid == p ? "right" : "wrong",
           ppid == getpid() ? "right" : "wrong",
           strcmp(comm, "procother") ? comm : "right");
    snprintf(path, sizeof path, "/proc/%d/status", (int)p);
    read_file(path, buf, sizeof buf);
    char *pp = strstr(buf, "\nPPid:");
    printf("status: PPid %s\n",
           pp && atoi(pp + 6) == getpid() ? "right" : "wrong");
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)p);
    int n = read_file(path, buf, sizeof buf);
    printf("cmdline: second arg %s\n",
           n > 0 && !strcmp(buf + strlen(buf) + 7, "second arg") ? "right"
                                                                : "wrong");
    snprintf(path, sizeof path, "/proc/%d/exe", (int)p);
    ssize_t a = readlink("/proc/self/exe", mine, sizeof mine - 1),
            b = readlink(path, its, sizeof its - 1);
    printf("exe: %s\n", a > 0 && a == b && !memcmp(mine, its, (size_t)a)
                            ? "same as ours"
                            : "different");
    snprintf(path, sizeof path, "/proc/%d/fd/3", (int)p);
    printf("fd/3: %s\n", access(path, F_OK) == 0 ? "there" : "missing");
    printf("listed in /proc: %s\n", listed(p) ? "yes" : "no");

    kill(p, SIGKILL);
    siginfo_t si;
    waitid(P_PID, p, &si, WEXITED | WNOWAIT); /* a zombie now */
    snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
    read_file(path, buf, sizeof buf);
    char *state = strrchr(buf, ')');
    printf("zombie's state: %c\n", state ? state[2] : '?');
    waitpid(p, NULL, 0);
    printf("after reaping: %s\n",
           access(path, F_OK) < 0 ? "gone" : "still there");
    return 0;
}
