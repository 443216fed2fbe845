/* SPDX-License-Identifier: MIT */
/* dup/dup2/dup3/fcntl: lowest free fd, shared offsets, close-on-exec,
 * F_DUPFD, status flags. Only fds 0-2 are open at start. */
#include "t.h"
#include <fcntl.h>

int main(void)
{
    t_tmp_enter();
    int fd = T("open", open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    T("dup", dup(fd));
    T("dup2 to 10", dup2(fd, 10));
    T("dup2 same fd", dup2(fd, fd));
    T("dup2 bad old", dup2(77, 11));
    T("dup2 bad new", dup2(fd, -1));
    T("dup3 same fd", syscall(SYS_dup3, fd, fd, 0));
    T("dup3 bad flags", syscall(SYS_dup3, fd, 12, 0x1));
    T("dup3 O_CLOEXEC", dup3(fd, 12, O_CLOEXEC));
    T("F_GETFD 12", fcntl(12, F_GETFD));
    T("F_GETFD 10", fcntl(10, F_GETFD));
    T("F_SETFD", fcntl(10, F_SETFD, FD_CLOEXEC));
    T("F_GETFD 10", fcntl(10, F_GETFD));
    T("F_DUPFD 5", fcntl(fd, F_DUPFD, 5));
    T("F_DUPFD 5 again", fcntl(fd, F_DUPFD, 5));
    T("F_DUPFD_CLOEXEC 20", fcntl(fd, F_DUPFD_CLOEXEC, 20));
    T("F_GETFD 20", fcntl(20, F_GETFD));
    T("write via fd", write(fd, "abcdef", 6));
    T("offset via dup 10", lseek(10, 0, SEEK_CUR));
    T("lseek via 12", lseek(12, 2, SEEK_SET));
    char c = 0;
    T("read via 5", read(5, &c, 1));
    printf("  read '%c'\n", c);
    T("F_GETFL rdwr", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    T("F_SETFL append|nonblock", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    T("F_GETFL shared by dup", fcntl(10, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    T("close 10", close(10));
    T("close 10 again", close(10));
    T("dup lowest", dup(fd));
    T("F_GETFD bad fd", fcntl(99, F_GETFD));
    T("fcntl bad cmd", fcntl(fd, 9999));
    T("close -1", close(-1));
    T("dup2 onto stdin keeps stdout", dup2(fd, 0));
    T("write to fd 0", write(0, "!", 1));
    T("size", lseek(fd, 0, SEEK_END));
    unlink("f");
    t_tmp_leave();
    return 0;
}
