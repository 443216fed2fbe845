/* SPDX-License-Identifier: MIT */
/* An unlinked file stays readable and writable through open fds; the
 * name is gone and can be reused for a new file. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void)
{
    char buf[32] = {0};
    struct stat st;
    t_tmp_enter();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "still here", 10);
    int fd2 = open("f", O_RDONLY);
    T("unlink f", unlink("f"));
    T("stat f", stat("f", &st));
    T("fstat nlink", (fstat(fd, &st), (long)st.st_nlink));
    T("fstat size", (long)st.st_size);
    T("pread via fd", pread(fd, buf, sizeof buf - 1, 0));
    printf("  \"%s\"\n", buf);
    T("write more", write(fd, "!", 1));
    memset(buf, 0, sizeof buf);
    T("read via second fd", read(fd2, buf, sizeof buf - 1));
    printf("  \"%s\"\n", buf);
    int fd3 = open("f", O_RDWR | O_CREAT | O_EXCL, 0644);
    TOK("new f", fd3);
    T("new f size", (fstat(fd3, &st), (long)st.st_size));
    T("old fd size", (fstat(fd, &st), (long)st.st_size));
    T("ftruncate unlinked", ftruncate(fd, 2));
    T("pread after truncate", pread(fd2, buf, sizeof buf, 0));
    close(fd);
    T("fd2 still reads after fd closed", pread(fd2, buf, 2, 0));
    close(fd2);
    T("unlink missing", unlink("missing"));
    T("unlink dir", unlink("."));
    T("unlinkat AT_REMOVEDIR on file", unlinkat(AT_FDCWD, "f", AT_REMOVEDIR));
    T("unlinkat bad flag", unlinkat(AT_FDCWD, "f", 0x1));
    T("unlink f", unlink("f"));
    close(fd3);
    t_tmp_leave();
    return 0;
}
