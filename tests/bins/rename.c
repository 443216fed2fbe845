/* SPDX-License-Identifier: MIT */
/* rename and renameat2: over an existing file, RENAME_NOREPLACE,
 * directories, and the error cases. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

#define NOREPLACE 1
#define EXCHANGE 2

static void cat(const char *p)
{
    char buf[32] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) {
        printf("  %s: %s\n", p, t_errname(errno));
        return;
    }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("  %s: \"%s\"\n", p, buf);
}

static void put(const char *p, const char *s)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, s, strlen(s));
    close(fd);
}

int main(void)
{
    t_tmp_enter();
    put("a", "AAA");
    put("b", "BBB");
    T("rename a c", rename("a", "c"));
    cat("a"), cat("c");
    T("rename c b (over existing)", rename("c", "b"));
    cat("b"), cat("c");
    put("a", "new");
    T("renameat2 NOREPLACE a b", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", NOREPLACE));
    T("renameat2 NOREPLACE a n", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "n", NOREPLACE));
    cat("a"), cat("n");
    T("renameat2 bad flags", syscall(SYS_renameat2, AT_FDCWD, "n", AT_FDCWD, "m", 0x100));
    T("rename missing", rename("missing", "x"));
    T("rename to missing dir", rename("n", "nodir/x"));
    T("rename same", rename("n", "n"));
    mkdir("d", 0755);
    mkdir("e", 0755);
    put("e/f", "F");
    T("rename file over dir", rename("n", "d"));
    T("rename dir over file", rename("d", "n"));
    T("rename dir over nonempty dir", rename("d", "e"));
    T("rename dir into itself", rename("d", "d/sub"));
    T("rename dir e g", rename("e", "g"));
    cat("g/f");
    mkdir("h", 0755);
    T("rename empty dir over empty dir", rename("d", "h"));
    struct stat st;
    T("stat d", stat("d", &st));
    T("rename file across dirs", rename("g/f", "h/f"));
    cat("h/f");
    int fd = open("h/f", O_RDONLY);
    T("rename open file", rename("h/f", "b"));
    char buf[8] = {0};
    T("old fd still reads", read(fd, buf, 7));
    printf("  read \"%s\"\n", buf);
    close(fd);
    cat("b");
    unlink("b"), unlink("n"), rmdir("g"), rmdir("h");
    t_tmp_leave();
    return 0;
}
