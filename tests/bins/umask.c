/* SPDX-License-Identifier: MIT */
/* umask: the initial value (022, as Linux's init gives and the runner
 * sets natively) and its effect on creat/mkdir modes. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

static void mode(const char *p)
{
    struct stat st;
    if (stat(p, &st) == 0)
        printf("  %s mode %04o\n", p, (unsigned)st.st_mode & 07777);
    else
        printf("  %s: %s\n", p, t_errname(errno));
}

int main(void)
{
    t_tmp_enter();
    printf("initial umask %04o\n", (unsigned)umask(022));
    printf("umask 027 returns %04o\n", (unsigned)umask(027));
    close(open("a", O_CREAT | O_WRONLY, 0666));
    mkdir("d", 0777);
    mode("a"), mode("d");
    printf("umask 0 returns %04o\n", (unsigned)umask(0));
    close(open("b", O_CREAT | O_WRONLY, 0666));
    mkdir("e", 0777);
    mode("b"), mode("e");
    printf("umask 0777 returns %04o\n", (unsigned)umask(0777));
    close(open("c", O_CREAT | O_WRONLY, 0666));
    mode("c");
    printf("umask 01777 returns %04o\n", (unsigned)umask(01777));
    printf("umask now %04o\n", (unsigned)umask(022));
    T("chmod not masked", chmod("c", 0666));
    mode("c");
    unlink("a"), unlink("b"), unlink("c"), rmdir("d"), rmdir("e");
    t_tmp_leave();
    return 0;
}
