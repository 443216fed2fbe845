/* SPDX-License-Identifier: MIT */
/* access/faccessat: existence, X_OK without execute bits (EACCES even
 * for root), ENOTDIR, bad flags and modes. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void)
{
    t_tmp_enter();
    close(open("f", O_CREAT | O_WRONLY, 0644));
    close(open("x", O_CREAT | O_WRONLY, 0755));
    mkdir("d", 0755);
    T("access f F_OK", access("f", F_OK));
    T("access f R_OK|W_OK", access("f", R_OK | W_OK));
    T("access f X_OK (0644)", access("f", X_OK));
    T("access x X_OK (0755)", access("x", X_OK));
    T("access d X_OK", access("d", X_OK));
    T("access missing", access("missing", F_OK));
    T("access f/x", access("f/x", F_OK));
    T("access bad mode", access("f", 0x10));
    T("access /", access("/", R_OK | X_OK));
    T("access /tmp W_OK", access("/tmp", W_OK));
    T("access /dev/null", access("/dev/null", R_OK | W_OK));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    T("faccessat dirfd f", faccessat(dfd, "f", R_OK, 0));
    T("faccessat AT_EACCESS", faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS));
    T("faccessat bad flags", faccessat(AT_FDCWD, "f", R_OK, 0x1));
    T("faccessat bad dirfd", faccessat(77, "f", R_OK, 0));
    T("faccessat raw", syscall(SYS_faccessat, dfd, "x", X_OK));
    T("symlink", symlink("missing", "l"));
    T("access dangling link", access("l", F_OK));
    close(dfd);
    unlink("f"), unlink("x"), unlink("l"), rmdir("d");
    t_tmp_leave();
    return 0;
}
