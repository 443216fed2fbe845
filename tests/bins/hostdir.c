/* SPDX-License-Identifier: MIT */
/*
 * A host directory (-v): hostdir DIR ro|rw.  The runner makes DIR from
 * tests/hostdir/make-fixture at the same absolute path for the native run
 * (read-only there through a bind mount) and for ./run -v DIR:DIR[:rw].
 * Reads, listing, stat, symlinks, mmap, getcwd and ".." out of the mount;
 * then with ro every change gives EROFS, with rw each change is made and
 * the tree is listed again.
 */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir, sorted, with type, size and mode of each (no inodes or
 * times: they differ between runs). */
static void list(const char *dir)
{
    char *names[64];
    int n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        printf("opendir %s: %s\n", dir, t_errname(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof(*names), cmp);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        if (lstat(p, &st) == 0 && strcmp(names[i], "..") &&
            strcmp(names[i], "."))
            printf(" %s(%o,%lld,%lu)", names[i], st.st_mode,
                   S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size,
                   S_ISDIR(st.st_mode) ? 0UL : (unsigned long)st.st_nlink);
        else
            printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void cat(const char *path)
{
    char buf[256];
    int fd = open(path, O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
    if (n < 0) {
        printf("cat %s: %s\n", path, t_errname(errno));
    } else {
        buf[n] = 0;
        printf("cat %s: %s", path, buf);
    }
    if (fd >= 0)
        close(fd);
}

static void reads(void)
{
    char buf[64];
    list(".");
    list("sub");
    cat("a.txt");
    cat("sub/b.txt");
    cat("link-a");
    cat("sub/up-a");
    T("readlink link-a", readlink("link-a", buf, sizeof(buf)));
    cat("dirlink/b.txt");
    int fd = open("big", O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    printf("big size %lld\n", (long long)st.st_size);
    T("lseek end", lseek(fd, 0, SEEK_END));
    T("pread at 200000", pread(fd, buf, 8, 200000));
    printf("  %.8s\n", buf);
    char *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    char *q = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED || q == MAP_FAILED) {
        printf("mmap: %s\n", t_errname(errno));
    } else {
        long sum = 0;
        for (long i = 0; i < st.st_size; i += 4096)
            sum += p[i] + q[i];
        printf("mmap pages agree: %s, sum %ld, tail %.8s\n",
               memcmp(p, q, st.st_size) ? "no" : "yes", sum,
               p + st.st_size - 8);
    }
    void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private writable map: %s\n", w == MAP_FAILED ? "no" : "yes");
    close(fd);
    char cwd[512];
    if (chdir("sub") == 0 && getcwd(cwd, sizeof(cwd)))
        printf("getcwd ends in sub: %s\n",
               strcmp(cwd + strlen(cwd) - 4, "/sub") ? "no" : "yes");
    T("chdir ../..", chdir("../.."));
    T("stat . is the parent of the mount",
      stat(".", &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1);
}

static void changes_ro(const char *dir)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/a.txt", dir);
    T("open a.txt O_WRONLY", open(p, O_WRONLY));
    T("open a.txt O_RDWR", open(p, O_RDWR));
    T("open a.txt O_RDONLY|O_TRUNC", open(p, O_RDONLY | O_TRUNC));
    T("truncate a.txt", truncate(p, 0));
    T("chmod a.txt", chmod(p, 0600));
    T("chown a.txt", chown(p, 1, 1));
    T("utimes a.txt", utimes(p, NULL));
    T("unlink a.txt", unlink(p));
    if (chdir(dir))
        return;
    T("creat new", creat("new", 0644));
    T("mkdir d", mkdir("d", 0755));
    T("mkdir sub (exists)", mkdir("sub", 0755));
    T("rmdir sub", rmdir("sub"));
    T("rename a.txt c.txt", rename("a.txt", "c.txt"));
    T("symlink", symlink("a.txt", "s"));
    T("link", link("a.txt", "h"));
    T("mknod fifo", mknod("fifo", S_IFIFO | 0644, 0));
    T("open O_CREAT existing, read-only", open("a.txt", O_RDONLY | O_CREAT, 0644));
    struct statfs sf;
    statfs(".", &sf);
    printf("statfs read-only flag: %s\n", sf.f_flags & ST_RDONLY ? "yes" : "no");
    list(".");
}

static void changes_rw(const char *dir)
{
    if (chdir(dir))
        return;
    int fd = T("creat new", creat("new", 0640));
    T("write", write(fd, "0123456789", 10));
    close(fd);
    fd = open("new", O_WRONLY | O_APPEND);
    T("append", write(fd, "abc", 3));
    close(fd);
    cat("new");
    T("mkdir d", mkdir("d", 0750));
    T("rename new d/moved", rename("new", "d/moved"));
    T("link", link("d/moved", "hard"));
    T("symlink", symlink("d/moved", "soft"));
    cat("soft");
    T("chmod", chmod("hard", 0600));
    T("truncate", truncate("hard", 4));
    struct timeval tv[2] = {{1500000000, 0}, {1600000000, 0}};
    T("utimes", utimes("hard", tv));
    struct stat st;
    stat("d/moved", &st);
    printf("mtime %lld atime %lld\n", (long long)st.st_mtime,
           (long long)st.st_atime);
    fd = open("a.txt", O_RDWR | O_TRUNC);
    T("write after O_TRUNC", write(fd, "new text\n", 9));
    T("fsync", fsync(fd));
    close(fd);
    T("rmdir sub (not empty)", rmdir("sub"));
    T("unlink sub/b.txt", unlink("sub/b.txt"));
    T("unlink sub/up-a", unlink("sub/up-a"));
    T("rmdir sub", rmdir("sub"));
    T("rename d e", rename("d", "e"));
    T("rename onto a non-empty dir", rename("hard", "e"));
    list(".");
    list("e");
    cat("a.txt");
}

int main(int argc, char **argv)
{
    if (argc != 3 || chdir(argv[1]))
        return 2;
    reads();
    if (!strcmp(argv[2], "ro"))
        changes_ro(argv[1]);
    else
        changes_rw(argv[1]);
    return 0;
}
