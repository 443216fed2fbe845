/* SPDX-License-Identifier: MIT */
/*
 * Programs starting programs through the libc: popen for reading and for
 * writing, system (exit codes and a shell that kills itself), posix_spawn
 * with file actions (open, dup2, close), posix_spawn of a missing program,
 * posix_spawnp with a PATH, vfork + execve, O_CLOEXEC across fork + exec
 * of /proc/self/exe, and execve failing with ENOENT, EACCES and ENOEXEC.
 * The shell snippets use only builtins, so dash and busybox sh agree.
 * Only decoded statuses, booleans and fixed strings are printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static int failures;

static const char *errname(int e)
{
    switch (e) {
    case 0: return "no error";
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    default: return "another error";
    }
}

static void decode(const char *what, int st, int want)
{
    if (st == -1)
        printf("%s: failed, %s\n", what, errname(errno));
    else if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: signaled %d, signal %d\n", what, WIFSIGNALED(st),
               WTERMSIG(st));
    else
        printf("%s: other status\n", what);
    if (st != want)
        failures++;
}

static void reap(const char *what, pid_t p, int want)
{
    int st;
    if (waitpid(p, &st, 0) != p)
        st = -1;
    decode(what, st, want);
}

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "no");
    if (!ok)
        failures++;
}

static void write_file(const char *path, const void *data, size_t n,
                       mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0 || write(fd, data, n) != (ssize_t)n || fchmod(fd, mode) ||
        close(fd)) {
        perror(path);
        exit(1);
    }
}

static void with_popen(void)
{
    char line[256];
    FILE *f = popen("echo from popen; echo line2", "r");
    if (!f) {
        printf("popen r failed\n");
        exit(1);
    }
    while (fgets(line, sizeof line, f))
        printf("popen read: %s", line);
    decode("pclose r", pclose(f), 0);

    f = popen("while read l; do :; done; exit 4", "w");
    if (!f) {
        printf("popen w failed\n");
        exit(1);
    }
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d for the shell\n", i);
    decode("pclose w", pclose(f), 4 << 8);
}

static void with_system(void)
{
    decode("system echo", system("echo from system"), 0);
    decode("system exit 7", system("exit 7"), 7 << 8);
    decode("system kill -9 $$", system("kill -9 $$"), 9);
}

static void with_spawn(void)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/tmp/spawn_test_%d", (int)getpid());
    int extra = open("/dev/null", O_RDONLY);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addclose(&fa, extra);
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", extra);
    char *argv[] = {"sh", "-c",
                    "echo spawned $0 >&2; echo out; "
                    "if true <&$1; then echo extra fd open; "
                    "else echo extra fd closed; fi 2>/dev/null",
                    "child0", fdarg, NULL};
    pid_t p;
    int r = posix_spawn(&p, "/bin/sh", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    printf("posix_spawn: %s\n", errname(r));
    if (r)
        exit(1);
    reap("posix_spawn child", p, 0);
    close(extra);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("no output file\n");
        exit(1);
    }
    while (fgets(buf, sizeof buf, f))
        printf("spawned child wrote: %s", buf);
    fclose(f);
    check("output file removed", unlink(path) == 0);

    char *none[] = {"prog", NULL};
    r = posix_spawn(&p, "/nonexistent/prog", NULL, NULL, none, environ);
    printf("posix_spawn missing: %s\n", errname(r));
    check("posix_spawn missing is ENOENT", r == ENOENT);

    /* The search uses the caller's PATH; the child gets the one passed. */
    char *old = getenv("PATH");
    old = old ? strdup(old) : NULL;
    setenv("PATH", "/bin", 1);
    char *env[] = {"PATH=/bin", "SPAWN_TEST=yes", NULL};
    char *pargv[] = {"sh", "-c", "echo spawnp PATH=$PATH SPAWN_TEST=$SPAWN_TEST",
                     NULL};
    r = posix_spawnp(&p, "sh", NULL, NULL, pargv, env);
    if (r) {
        printf("posix_spawnp: %s\n", errname(r));
        exit(1);
    }
    reap("posix_spawnp child", p, 0); /* only then print: it races */
    if (old) {
        setenv("PATH", old, 1);
        free(old);
    } else {
        unsetenv("PATH");
    }
}

static void with_vfork(void)
{
    char *argv[] = {"sh", "-c", "exit 5", NULL};
    char *env[] = {"PATH=/bin", NULL};
    pid_t p = vfork();
    if (p < 0) {
        perror("vfork");
        exit(1);
    }
    if (p == 0) {
        execve("/bin/sh", argv, env);
        _exit(127);
    }
    reap("vfork + execve", p, 5 << 8);
}

static void cloexec(void)
{
    int plain = open("/dev/null", O_RDONLY);
    int gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", plain);
    snprintf(b, sizeof b, "%d", gone);
    char *argv[] = {"spawn", "check-fds", a, b, NULL};
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execve("/proc/self/exe", argv, environ);
        _exit(127);
    }
    reap("exec of /proc/self/exe", p, 0);
    close(plain);
    close(gone);
}

static void check_fds(char **argv)
{
    const char *names[] = {"fd without O_CLOEXEC", "fd with O_CLOEXEC"};
    for (int i = 0; i < 2; i++) {
        int fd = atoi(argv[2 + i]);
        printf("%s: %s\n", names[i],
               fcntl(fd, F_GETFD) >= 0 ? "fd open" : "fd closed");
    }
}

static void exec_fails(const char *what, const char *path, int want)
{
    char *argv[] = {"prog", NULL};
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execve(path, argv, environ);
        int e = errno;
        printf("exec failed: %s\n", errname(e));
        _exit(e == want ? 127 : 126);
    }
    reap(what, p, 127 << 8);
}

static void exec_errors(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/spawn_exec_%d", (int)getpid());
    exec_fails("execve missing", "/nonexistent", ENOENT);
    write_file(path, "hello", 5, 0644);
    exec_fails("execve mode 0644", path, EACCES);
    static const char zeros[4];
    write_file(path, zeros, sizeof zeros, 0755);
    exec_fails("execve of zero bytes", path, ENOEXEC);
    check("test file removed", unlink(path) == 0);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4 && !strcmp(argv[1], "check-fds")) {
        check_fds(argv);
        return 0;
    }
    with_popen();
    with_system();
    with_spawn();
    with_vfork();
    cloexec();
    exec_errors();
    printf("failures: %d\n", failures);
    return failures != 0;
}
