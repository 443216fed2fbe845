/* SPDX-License-Identifier: MIT */
/* Many small files in /tmp until the file system has no inode left (each
 * gets one byte while blocks last), then every way of making a name must
 * fail with ENOSPC, and stdout and stderr must still work in full: printf,
 * a 64-piece writev, large writes.  Then unlink makes room again.  Counts
 * differ between Linux and the unikernel, so only facts are printed.
 * fillfiles.tmpfs gives the native run a 4 MiB tmpfs on /tmp. */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define CAP 50000 /* never more files than this, whatever the limit */

static char name[32];

static const char *fname(int i)
{
    snprintf(name, sizeof name, "f%05d", i);
    return name;
}

/* Open errno of the first failed create, and how many files exist. */
static int fill(int *nfiles, int *write_err)
{
    for (int i = 0; i < CAP; i++) {
        int fd = open(fname(i), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) {
            *nfiles = i;
            return errno;
        }
        if (write(fd, "x", 1) != 1 && !*write_err)
            *write_err = errno;
        close(fd);
    }
    *nfiles = CAP;
    return 0;
}

static void console_output(void)
{
    static char big[32768];
    struct iovec iov[64];
    char piece[64][24];
    long want = 0;
    for (int i = 0; i < 2000; i++)
        printf("line %04d after the file system filled up\n", i);
    fflush(stdout);
    for (int i = 0; i < 64; i++) {
        iov[i].iov_base = piece[i];
        iov[i].iov_len = (size_t)snprintf(piece[i], sizeof piece[i],
                                          "piece %02d%s", i,
                                          i % 8 == 7 ? "\n" : " ");
        want += (long)iov[i].iov_len;
    }
    long r = writev(1, iov, 64);
    printf("writev stdout 64 pieces: %s\n", r == want ? "all" : "short");
    r = writev(2, iov, 64);
    printf("writev stderr 64 pieces: %s\n", r == want ? "all" : "short");
    memset(big, '.', sizeof big);
    big[sizeof big - 1] = '\n';
    printf("write stdout 32 KiB: %ld\n", (long)write(1, big, sizeof big));
    printf("write stderr 32 KiB: %ld\n", (long)write(2, big, sizeof big));
    fprintf(stderr, "stderr through stdio: %d\n", 42);
    printf("fprintf stderr: %s\n", ferror(stderr) ? "error" : "ok");
}

int main(void)
{
    int nfiles = 0, werr = 0;
    t_tmp_enter();
    int err = fill(&nfiles, &werr);
    printf("creating stopped by: %s\n", err ? t_errname(err) : "the cap");
    FACT("more than 100 files made", nfiles > 100);
    FACT("writes failed only with ENOSPC", werr == 0 || werr == ENOSPC);
    T("mkdir when full", mkdir("d", 0755));
    T("symlink when full", symlink("f00000", "s"));
    T("mknod fifo when full", mknod("p", S_IFIFO | 0644, 0));
    T("link when full", link("f00000", "h"));
    T("creat when full", creat("c", 0644));
    T("O_TMPFILE when full", open(".", O_TMPFILE | O_RDWR, 0600));
    T("rename when full", rename("f00001", "r"));
    T("rename back", rename("r", "f00001"));
    console_output();
    T("unlink one", unlink(fname(0)));
    int fd = (int)T("create after unlink", open("new", O_RDWR | O_CREAT, 0644));
    T("write after unlink", write(fd, "hello", 5));
    T("pread it back", pread(fd, name, 5, 0));
    printf("read: %.5s\n", name);
    close(fd);
    T("unlink new", unlink("new"));
    int bad = 0;
    for (int i = 1; i < nfiles; i++)
        bad += unlink(fname(i)) != 0;
    printf("unlink the rest: %d failed\n", bad);
    t_tmp_leave();
    return 0;
}
