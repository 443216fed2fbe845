/* SPDX-License-Identifier: MIT */
/*
 * A hostile program against a host directory: escape DIR ro|rw.  The
 * runner plants symlinks in DIR pointing at DIR.secret/secret on the host
 * (tests/hostdir/make-fixture) and mounts DIR at the same path in the
 * guest.  Each way out prints "blocked" or "REACHED"; under ./run every
 * one must be blocked (natively, most reach: that shows they are real
 * ways out).  With rw it also plants its own links and races renames.
 */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char *dir, *base; /* DIR, and its last component */

static int secret_in(int fd)
{
    char buf[64] = {0};
    long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
    if (fd >= 0)
        close(fd);
    return n > 0 && strstr(buf, "TOPSECRET");
}

static void try_at(const char *what, int dirfd, const char *path)
{
    int got = secret_in(openat(dirfd, path, O_RDONLY));
    printf("%s: %s\n", what, got ? "REACHED" : "blocked");
}

static void try(const char *what, const char *fmt, const char *a)
{
    char p[1024];
    snprintf(p, sizeof(p), fmt, dir, a);
    try_at(what, AT_FDCWD, p);
}

static void reads(void)
{
    char up[1024];
    try("absolute symlink", "%s/abs-out", "");
    try("relative symlink", "%s/rel-out", "");
    try("symlinked directory", "%s/dir-out/secret", "");
    try("dot-dot", "%s/../%s.secret/secret", base);
    try("dot-dot from a subdirectory", "%s/sub/../../%s.secret/secret", base);
    try("up to / and down", "%s/../../../../../../../../..%s.secret/secret",
        dir);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    snprintf(up, sizeof(up), "../%s.secret/secret", base);
    try_at("openat dirfd ..", dfd, up);
    int pfd = openat(dfd, "..", O_PATH | O_DIRECTORY);
    snprintf(up, sizeof(up), "%s.secret/secret", base);
    try_at("O_PATH parent", pfd, up);
    if (chdir(dir) == 0 && chdir("sub") == 0 && chdir("../..") == 0)
        try_at("chdir out", AT_FDCWD, up);
    snprintf(up, sizeof(up), "%s/abs-out", dir);
    int fd = open(up, O_RDONLY);
    char *m = fd < 0 ? MAP_FAILED : mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
    printf("mmap of a link out: %s\n",
           m != MAP_FAILED && strstr(m, "TOPSECRET") ? "REACHED" : "blocked");
    close(dfd);
    close(pfd);
}

static void plants(void)
{
    char p[1024], t[1024];
    snprintf(t, sizeof(t), "%s.secret/secret", dir);
    snprintf(p, sizeof(p), "%s/mine-abs", dir);
    symlink(t, p);
    try("planted absolute symlink", "%s/mine-abs", "");
    snprintf(t, sizeof(t), "../%s.secret/secret", base);
    snprintf(p, sizeof(p), "%s/mine-rel", dir);
    symlink(t, p);
    try("planted relative symlink", "%s/mine-rel", "");
    snprintf(t, sizeof(t), "%s/abs-out", dir);
    snprintf(p, sizeof(p), "%s/hard-of-link", dir);
    link(t, p);
    try("hard link of a link out", "%s/hard-of-link", "");
    snprintf(t, sizeof(t), "%s/sub", dir);
    snprintf(p, sizeof(p), "%s.secret/moved", dir);
    printf("rename out of the mount: %s\n",
           rename(t, p) == 0 ? "REACHED" : "blocked");
}

/* A child swaps sub for a symlink to the secret's directory and back
 * while the parent opens sub/secret. */
static void race(void)
{
    char sub[1024], tmp[1024], out[1024], target[1024];
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    snprintf(tmp, sizeof(tmp), "%s/sub.tmp", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(target, sizeof(target), "%s.secret", dir);
    symlink(target, out);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 200; i++) {
            rename(sub, tmp);
            rename(out, sub);
            rename(sub, out);
            rename(tmp, sub);
        }
        _exit(0);
    }
    int reached = 0;
    for (int i = 0; i < 200; i++) {
        char p[1100];
        snprintf(p, sizeof(p), "%s/secret", sub);
        reached |= secret_in(open(p, O_RDONLY));
    }
    waitpid(pid, NULL, 0);
    printf("rename race: %s\n", reached ? "REACHED" : "blocked");
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    dir = argv[1];
    base = strrchr(dir, '/') + 1;
    reads();
    if (!strcmp(argv[2], "rw")) {
        plants();
        race();
    }
    return 0;
}
