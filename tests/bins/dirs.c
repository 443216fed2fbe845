/* SPDX-License-Identifier: MIT */
/* mkdir/rmdir/getdents64 (printed sorted)/chdir/fchdir/getcwd. */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

struct d64 { uint64_t ino; int64_t off; unsigned short reclen;
             unsigned char type; char name[]; };

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    char buf[512], *names[64];
    int n = 0, fd = open(path, O_RDONLY | O_DIRECTORY);
    long r;
    /* a small buffer forces several getdents64 calls */
    while ((r = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < r && n < 64;) {
            struct d64 *d = (struct d64 *)(buf + off);
            names[n] = malloc(300);
            snprintf(names[n++], 300, "%s(%d)", d->name, d->type);
            off += d->reclen;
        }
    }
    if (r < 0)
        printf("getdents64 = %s\n", t_errname(errno));
    qsort(names, n, sizeof *names, cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]), free(names[i]);
    printf("\n");
    close(fd);
}

int main(void)
{
    char cwd[4096], name[64];
    t_tmp_enter();
    T("mkdir a", mkdir("a", 0755));
    T("mkdir a again", mkdir("a", 0755));
    T("mkdir x/y", mkdir("x/y", 0755));
    T("mkdirat a/b", mkdirat(AT_FDCWD, "a/b", 0755));
    close(open("a/file", O_CREAT | O_WRONLY, 0644));
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "a/entry-with-a-longish-name-%02d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    list("a");
    T("rmdir a (not empty)", rmdir("a"));
    T("rmdir a/file", rmdir("a/file"));
    T("unlink a/b", unlink("a/b"));
    T("rmdir .", rmdir("."));
    T("rmdir missing", rmdir("missing"));
    T("getdents64 on file", syscall(SYS_getdents64, open("a/file", O_RDONLY), cwd, 512));
    T("getdents64 bad fd", syscall(SYS_getdents64, 99, cwd, 512));
    T("chdir a", chdir("a"));
    FACT("getcwd ends with tmpdir/a", getcwd(cwd, sizeof cwd) &&
         strlen(cwd) > 2 && strcmp(cwd + strlen(cwd) - 2, "/a") == 0 &&
         strncmp(cwd, t_dir, strlen(t_dir)) == 0);
    T("getcwd size 1", getcwd(cwd, 1) ? 0 : -1);
    T("chdir file", chdir("file"));
    T("chdir missing", chdir("missing"));
    int dfd = open("b", O_RDONLY | O_DIRECTORY);
    T("fchdir b", fchdir(dfd));
    FACT("getcwd ends with /a/b", getcwd(cwd, sizeof cwd) &&
         strcmp(cwd + strlen(cwd) - 4, "/a/b") == 0);
    T("chdir ../..", chdir("../.."));
    FACT("getcwd is tmpdir", getcwd(cwd, sizeof cwd) && strcmp(cwd, t_dir) == 0);
    T("fchdir on file", fchdir(open("a/file", O_RDONLY)));
    DIR *d = opendir("a/b");
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    printf("readdir a/b: %d entries\n", n);
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "a/entry-with-a-longish-name-%02d", i);
        unlink(name);
    }
    T("unlink a/file", unlink("a/file"));
    T("rmdir a/b", rmdir("a/b"));
    T("rmdir a", rmdir("a"));
    list(".");
    t_tmp_leave();
    return 0;
}
