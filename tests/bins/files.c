/* SPDX-License-Identifier: MIT */
/* open/creat and their flags: O_CREAT|O_EXCL, O_TRUNC, O_APPEND,
 * O_DIRECTORY, O_CLOEXEC, access modes, openat relative to a dirfd. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

static void show_file(const char *path)
{
    char buf[64];
    int fd = open(path, O_RDONLY);
    long n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    printf("  %s contains \"%s\" (%ld)\n", path, buf, n);
}

int main(void)
{
    t_tmp_enter();
    int fd = TOK("creat f", creat("f", 0644));
    T("write", write(fd, "hello", 5));
    T("read on O_WRONLY", read(fd, (char[4]){0}, 4));
    close(fd);
    show_file("f");
    T("open O_CREAT|O_EXCL existing", open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    T("open missing", open("nope", O_RDONLY));
    T("open missing/x", open("nope/x", O_RDONLY | O_CREAT, 0644));
    T("open f/x", open("f/x", O_RDONLY));
    fd = TOK("open O_APPEND", open("f", O_WRONLY | O_APPEND));
    T("lseek 0", lseek(fd, 0, SEEK_SET));
    T("write appends", write(fd, " world", 6));
    T("offset after append", lseek(fd, 0, SEEK_CUR));
    close(fd);
    show_file("f");
    fd = TOK("open O_TRUNC", open("f", O_RDWR | O_TRUNC));
    T("write", write(fd, "xy", 2));
    T("write on O_RDONLY", write(open("f", O_RDONLY), "z", 1));
    close(fd);
    show_file("f");
    T("open O_DIRECTORY on file", open("f", O_RDONLY | O_DIRECTORY));
    int dfd = TOK("open . O_DIRECTORY", open(".", O_RDONLY | O_DIRECTORY));
    T("write to dir fd", write(dfd, "x", 1));
    T("open dir O_WRONLY", open(".", O_WRONLY));
    T("F_GETFD plain", fcntl(dfd, F_GETFD));
    fd = TOK("openat O_CLOEXEC", openat(dfd, "f", O_RDONLY | O_CLOEXEC));
    T("F_GETFD O_CLOEXEC", fcntl(fd, F_GETFD));
    T("F_GETFL accmode", fcntl(fd, F_GETFL) & O_ACCMODE);
    close(fd);
    T("openat bad dirfd", openat(999, "f", O_RDONLY));
    T("openat file as dirfd", openat(open("f", O_RDONLY), "x", O_RDONLY));
    T("open empty path", open("", O_RDONLY));
    fd = TOK("O_CREAT new in dirfd", openat(dfd, "g", O_CREAT | O_RDWR, 0600));
    T("unlink g", unlinkat(dfd, "g", 0));
    T("unlink f", unlink("f"));
    T("unlink f again", unlink("f"));
    t_tmp_leave();
    return 0;
}
