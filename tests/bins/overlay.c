/* SPDX-License-Identifier: MIT */
/*
 * The default host view as an overlay: the host's /etc and /usr are seen
 * read-only beneath, and every change goes to an in-memory upper layer
 * (copy-up on write, chmod, truncate, rename and link; whiteouts on unlink
 * and rmdir; an opaque directory when one is made again; merged readdir).
 * Natively the runner gives the program a mount namespace of its own with
 * an overlayfs on /etc and another on /usr (lowerdir the real directory,
 * upper and work directories on a scratch dir, and in a user namespace the
 * userxattr option, without which rmdir of a merged directory is EIO), so
 * the host is untouched; under the unikernel it runs as
 * `./run --host-view build/bins/musl/overlay` (the dynamic build gets the
 * view by default).  Relies only on what every
 * Debian 12 has: /etc/debian_version, /etc/passwd, /etc/group, /etc/apt/,
 * /usr/share/common-licenses/ and /usr/local/.  Names it makes start with
 * "ukovl".  Host contents are printed only where both runs see the same
 * host; no inode numbers, times, devices, directory sizes or link counts.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The type of an lstat mode as one letter. */
static char type(mode_t m)
{
    return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l'
         : S_ISFIFO(m) ? 'p' : '?';
}

/* Sorted names of dir (without "." and ".."); returns the count, -1 when
 * it cannot be opened.  Checks that every d_type other than DT_UNKNOWN
 * agrees with lstat and says so when one does not. */
static int names(const char *dir, char **out, int max)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        struct stat st;
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        if (e->d_type != DT_UNKNOWN &&
            (lstat(p, &st) ||
             (mode_t)DTTOIF(e->d_type) != (st.st_mode & S_IFMT)))
            printf("d_type of %s disagrees with lstat\n", p);
        if (n < max)
            out[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(out, n, sizeof(*out), cmp);
    return n;
}

/* Prints "dir: name(type) ..." sorted, recursing depth levels into
 * subdirectories (each its own line). */
static void list(const char *dir, int depth)
{
    char *v[256];
    int n = names(dir, v, 256);
    if (n < 0) {
        printf("list %s: %s\n", dir, t_errname(errno));
        return;
    }
    printf("%s:", dir);
    for (int i = 0; i < n; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof(p), "%s/%s", dir, v[i]);
        printf(" %s(%c)", v[i], lstat(p, &st) ? '-' : type(st.st_mode));
    }
    printf("\n");
    for (int i = 0; i < n; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof(p), "%s/%s", dir, v[i]);
        if (depth > 0 && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            list(p, depth - 1);
        free(v[i]);
    }
}

/* Prints the whole content of path on one line, newlines as \n. */
static void cat(const char *path)
{
    char buf[256];
    int fd = open(path, O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
    if (n < 0) {
        printf("cat %s: %s\n", path, t_errname(errno));
    } else {
        printf("cat %s: \"", path);
        for (long i = 0; i < n; i++)
            printf(buf[i] == '\n' ? "\\n" : "%c", buf[i]);
        printf("\"\n");
    }
    if (fd >= 0)
        close(fd);
}

static long size(const char *path)
{
    struct stat st;
    return stat(path, &st) ? -errno : (long)st.st_size;
}

static void mode(const char *path)
{
    struct stat st;
    if (lstat(path, &st))
        printf("mode %s: %s\n", path, t_errname(errno));
    else
        printf("mode %s: %c %o\n", path, type(st.st_mode),
               (unsigned)(st.st_mode & 07777));
}

/* How many times name is listed in dir. */
static int count(const char *dir, const char *name)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += !strcmp(e->d_name, name);
    if (d)
        closedir(d);
    return n;
}

static int put(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    int r = write(fd, s, strlen(s)) == (long)strlen(s) ? 0 : -1;
    close(fd);
    return r;
}

/* Removes the tree at path (names gathered before any is removed). */
static int rmtree(const char *path)
{
    char *v[256];
    int n = names(path, v, 256), r = n < 0 ? -1 : 0;
    for (int i = 0; i < n; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof(p), "%s/%s", path, v[i]);
        if (lstat(p, &st) || (S_ISDIR(st.st_mode) ? rmtree(p) : unlink(p)))
            r = -1;
        free(v[i]);
    }
    return r || rmdir(path) ? -1 : 0;
}

int main(void)
{
    char buf[256];
    struct stat st, st2;
    int fd;
    umask(022);

    printf("-- append to a lower file\n");
    cat("/etc/debian_version");
    long dv = size("/etc/debian_version");
    fd = TOK("open O_WRONLY|O_APPEND", open("/etc/debian_version",
                                            O_WRONLY | O_APPEND));
    T("write", write(fd, "ukovl\n", 6));
    T("close", close(fd));
    cat("/etc/debian_version");
    FACT("size grew by 6", size("/etc/debian_version") == dv + 6);

    printf("-- O_TRUNC of a lower file\n");
    fd = TOK("open GPL-2 O_RDWR|O_TRUNC",
             open("/usr/share/common-licenses/GPL-2", O_RDWR | O_TRUNC));
    T("fstat", fstat(fd, &st));
    printf("size %lld\n", (long long)st.st_size);
    T("write", write(fd, "ukovl gpl-2\n", 12));
    T("pread", pread(fd, buf, sizeof(buf), 0));
    printf("  %.12s", buf);
    close(fd);
    T("size by path", size("/usr/share/common-licenses/GPL-2"));
    cat("/usr/share/common-licenses/GPL-2");

    printf("-- truncate a lower file\n");
    T("truncate /etc/passwd 10", truncate("/etc/passwd", 10));
    T("size", size("/etc/passwd"));
    cat("/etc/passwd");

    printf("-- chmod lower files and directories\n");
    mode("/etc/apt");
    mode("/usr/local");
    long lg = size("/usr/share/common-licenses/LGPL-2.1");
    T("chmod LGPL-2.1 0600",
      chmod("/usr/share/common-licenses/LGPL-2.1", 0600));
    mode("/usr/share/common-licenses/LGPL-2.1");
    FACT("same size", size("/usr/share/common-licenses/LGPL-2.1") == lg);
    fd = open("/usr/share/common-licenses/LGPL-2.1", O_RDONLY);
    FACT("still readable", fd >= 0 && read(fd, buf, 16) == 16);
    close(fd);
    T("chmod /etc/apt 0700", chmod("/etc/apt", 0700));
    mode("/etc/apt");
    T("chmod /usr/local 0711", chmod("/usr/local", 0711));
    mode("/usr/local");
    list("/etc/apt", 1);

    printf("-- unlink a lower file\n");
    T("unlink /etc/debian_version", unlink("/etc/debian_version"));
    T("stat", stat("/etc/debian_version", &st));
    TOK("open", open("/etc/debian_version", O_RDONLY));
    T("unlink again", unlink("/etc/debian_version"));
    FACT("listed", count("/etc", "debian_version"));
    fd = TOK("open O_CREAT|O_EXCL", open("/etc/debian_version",
                                         O_RDWR | O_CREAT | O_EXCL, 0644));
    T("write", write(fd, "new\n", 4));
    T("pread", pread(fd, buf, sizeof(buf), 0));
    printf("  %.4s", buf);
    close(fd);
    cat("/etc/debian_version");
    printf("listed %d time(s)\n", count("/etc", "debian_version"));
    mode("/etc/debian_version");

    printf("-- new directories in /usr/local\n");
    T("mkdir /usr/local/ukovl", mkdir("/usr/local/ukovl", 0755));
    T("mkdir /usr/local/ukovl/sub", mkdir("/usr/local/ukovl/sub", 0750));
    T("put ukovl/f", put("/usr/local/ukovl/f", "f\n"));
    T("put ukovl/sub/g", put("/usr/local/ukovl/sub/g", "gg\n"));
    T("symlink ukovl/s", symlink("sub/g", "/usr/local/ukovl/s"));
    list("/usr/local/ukovl", 1);
    mode("/usr/local/ukovl/sub");
    T("chdir /usr/local/ukovl/sub", chdir("/usr/local/ukovl/sub"));
    printf("getcwd: %s\n", getcwd(buf, sizeof(buf)) ? buf : t_errname(errno));
    list("..", 0);
    cat("../s");
    T("chdir /", chdir("/"));

    printf("-- rename\n");
    T("put /etc/ukovl-a", put("/etc/ukovl-a", "a\n"));
    T("rename ukovl-a ukovl-b", rename("/etc/ukovl-a", "/etc/ukovl-b"));
    T("stat ukovl-a", stat("/etc/ukovl-a", &st));
    cat("/etc/ukovl-b");
    long pw = size("/etc/passwd");
    T("rename passwd ukovl-passwd",
      rename("/etc/passwd", "/etc/ukovl-passwd"));
    T("stat passwd", stat("/etc/passwd", &st));
    FACT("ukovl-passwd same size", size("/etc/ukovl-passwd") == pw);
    long gr = size("/etc/group");
    T("rename group ukovl-group", rename("/etc/group", "/etc/ukovl-group"));
    T("stat group", stat("/etc/group", &st));
    FACT("ukovl-group same size", size("/etc/ukovl-group") == gr);
    fd = open("/etc/ukovl-group", O_RDONLY);
    FACT("ukovl-group starts with root:x:",
         fd >= 0 && read(fd, buf, 7) == 7 && !memcmp(buf, "root:x:", 7));
    close(fd);
    T("rename lower dir apt ukovl-apt", rename("/etc/apt", "/etc/ukovl-apt"));
    T("stat ukovl-apt", stat("/etc/ukovl-apt", &st));
    T("rename across mounts", rename("/etc/ukovl-b", "/usr/local/ukovl/b"));
    T("rename new dir sub sub2", rename("/usr/local/ukovl/sub",
                                        "/usr/local/ukovl/sub2"));
    list("/usr/local/ukovl", 1);
    T("put ukovl-new",
      put("/usr/share/common-licenses/ukovl-new", "replaced\n"));
    T("rename ukovl-new over BSD",
      rename("/usr/share/common-licenses/ukovl-new",
             "/usr/share/common-licenses/BSD"));
    cat("/usr/share/common-licenses/BSD");
    T("stat ukovl-new", stat("/usr/share/common-licenses/ukovl-new", &st));
    T("rename new dir over lower file",
      rename("/usr/local/ukovl/sub2", "/usr/share/common-licenses/MPL-1.1"));
    T("mkdir /etc/ukovl-d", mkdir("/etc/ukovl-d", 0755));
    T("rename file over new dir", rename("/etc/ukovl-passwd", "/etc/ukovl-d"));
    T("rename new dir over new file", rename("/etc/ukovl-d", "/etc/ukovl-b"));

    printf("-- remove a lower tree\n");
    T("unlink /etc/apt/trusted.gpg", unlink("/etc/apt/trusted.gpg"));
    T("rmdir /etc/apt/keyrings", rmdir("/etc/apt/keyrings"));
    list("/etc/apt", 0);
    T("rmdir /etc/apt", rmdir("/etc/apt"));
    T("unlink /etc/apt", unlink("/etc/apt"));
    FACT("rmtree /etc/apt succeeded", rmtree("/etc/apt") == 0);
    T("stat /etc/apt", stat("/etc/apt", &st));
    T("stat /etc/apt/apt.conf.d", stat("/etc/apt/apt.conf.d", &st));
    FACT("apt listed", count("/etc", "apt"));
    T("mkdir /etc/apt", mkdir("/etc/apt", 0755));
    list("/etc/apt", 0);
    T("stat /etc/apt/apt.conf.d", stat("/etc/apt/apt.conf.d", &st));
    T("put /etc/apt/ukovl", put("/etc/apt/ukovl", "x\n"));
    list("/etc/apt", 0);
    mode("/etc/apt");

    printf("-- symlink and link\n");
    T("symlink ukovl-link", symlink("debian_version", "/etc/ukovl-link"));
    T("readlink", readlink("/etc/ukovl-link", buf, sizeof(buf)));
    printf("  %.14s\n", buf);
    cat("/etc/ukovl-link");
    mode("/etc/ukovl-link");
    T("link GPL-3 ukovl-gpl3",
      link("/usr/share/common-licenses/GPL-3",
           "/usr/share/common-licenses/ukovl-gpl3"));
    if (stat("/usr/share/common-licenses/GPL-3", &st) == 0 &&
        stat("/usr/share/common-licenses/ukovl-gpl3", &st2) == 0) {
        printf("nlink %lu %lu\n", (unsigned long)st.st_nlink,
               (unsigned long)st2.st_nlink);
        FACT("same size", st.st_size == st2.st_size);
    }
    T("link to an existing name",
      link("/usr/share/common-licenses/GPL-3",
           "/usr/share/common-licenses/ukovl-gpl3"));
    T("link across mounts", link("/etc/ukovl-group", "/usr/local/ukovl/g"));

    printf("-- shared mapping of a copied-up file\n");
    fd = TOK("open ukovl-passwd O_RDWR", open("/etc/ukovl-passwd", O_RDWR));
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        printf("mmap: %s\n", t_errname(errno));
    } else {
        printf("mapped: %.10s\n", m);
        m[0] = 'R';
        T("munmap", munmap(m, 4096));
    }
    memset(buf, 0, sizeof(buf));
    T("pread", pread(fd, buf, 10, 0));
    printf("  %.10s\n", buf);
    close(fd);
    cat("/etc/ukovl-passwd");

    printf("-- merged listings\n");
    list("/usr/share/common-licenses", 0);
    printf("ukovl-gpl3 listed %d time(s)\n",
           count("/usr/share/common-licenses", "ukovl-gpl3"));
    T("mkfifo /etc/ukovl-fifo", mkfifo("/etc/ukovl-fifo", 0640));
    mode("/etc/ukovl-fifo");
    char *v[2048];
    int n = names("/etc", v, 2048);
    for (int i = 0; i < n; i++) {
        if (!strncmp(v[i], "ukovl", 5))
            printf("/etc/%s listed %d time(s)\n", v[i], count("/etc", v[i]));
        free(v[i]);
    }
    printf("done\n");
    return 0;
}
