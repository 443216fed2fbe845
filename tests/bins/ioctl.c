/* SPDX-License-Identifier: MIT */
/* Terminal ioctls on the standard fds (the runner pipes or redirects all
 * three, so each is ENOTTY), on files and /dev/null; FIONREAD on a pipe. */
#include "t.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    struct termios tio;
    struct winsize ws;
    char name[32];
    for (int fd = 0; fd < 3; fd++) {
        snprintf(name, sizeof name, "TCGETS fd %d", fd);
        T(name, ioctl(fd, TCGETS, &tio));
        snprintf(name, sizeof name, "TIOCGWINSZ fd %d", fd);
        T(name, ioctl(fd, TIOCGWINSZ, &ws));
        printf("isatty(%d) = %d\n", fd, isatty(fd));
    }
    int fd = open("/dev/null", O_RDWR);
    T("TCGETS /dev/null", ioctl(fd, TCGETS, &tio));
    T("tcgetattr /dev/null", tcgetattr(fd, &tio));
    T("TIOCGPGRP /dev/null", ioctl(fd, TIOCGPGRP, &fd));
    T("ioctl bad fd", ioctl(99, TCGETS, &tio));
    int p[2], n = -1;
    pipe(p);
    write(p[1], "abcdefg", 7);
    T("FIONREAD pipe", (ioctl(p[0], FIONREAD, &n), n));
    T("FIONBIO on", ioctl(p[0], FIONBIO, &(int){1}));
    char buf[16];
    read(p[0], buf, sizeof buf);
    T("read nonblocking empty", read(p[0], buf, 1));
    T("TCGETS pipe", ioctl(p[0], TCGETS, &tio));
    return 0;
}
