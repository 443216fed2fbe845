/* SPDX-License-Identifier: MIT */
/*
 * sendfile(2): from a file to a file, with and without an offset
 * pointer (which the file position then does not move), short at the
 * end of the file; into a pipe, at most what fits (Linux splices into
 * the pipe's free room and returns), EAGAIN when a nonblocking pipe is
 * full, EPIPE when no reader is left; and the errors: EBADF, EINVAL
 * (O_APPEND output, a negative offset), EFAULT (a bad offset pointer).
 */
#include "t.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/sendfile.h>

static char data[100000];
static char in_name[64], out_name[64]; /* this process's own */

static int make(const char *name, size_t n)
{
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 23);
    if (write(fd, data, n) != (ssize_t)n)
        printf("setup write failed\n");
    return fd;
}

/* Whether file fd holds data[from, from + n) at its start. */
static void same(const char *label, int fd, size_t from, size_t n)
{
    static char got[sizeof data];
    long r = pread(fd, got, sizeof got, 0);
    printf("%s: %ld bytes, %s\n", label, r,
           r == (long)n && memcmp(got, data + from, n) == 0 ? "same" : "differ");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    snprintf(in_name, sizeof in_name, "/tmp/sendfile.%d.in", (int)getpid());
    snprintf(out_name, sizeof out_name, "/tmp/sendfile.%d.out", (int)getpid());
    int in = make(in_name, sizeof data);
    int out = open(out_name, O_RDWR | O_CREAT | O_TRUNC, 0644);

    lseek(in, 1000, SEEK_SET);
    T("sendfile from the position", sendfile(out, in, NULL, 5000));
    T("  input position now", lseek(in, 0, SEEK_CUR));
    T("  output position now", lseek(out, 0, SEEK_CUR));
    same("  output", out, 1000, 5000);

    off_t off = 99000;
    T("sendfile at an offset, past the end", sendfile(out, in, &off, 5000));
    printf("  offset now %ld, input position %ld\n", (long)off,
           (long)lseek(in, 0, SEEK_CUR));
    off = sizeof data;
    T("sendfile at the end", sendfile(out, in, &off, 10));
    T("sendfile of 0 bytes", sendfile(out, in, NULL, 0));

    int p[2];
    T("pipe", pipe(p));
    T("alarm", alarm(10)); /* a sendfile that blocks for good fails */
    off = 0;
    T("sendfile into an empty pipe (at most what fits)",
      sendfile(p[1], in, &off, sizeof data));
    T("sendfile into a full nonblocking pipe",
      (fcntl(p[1], F_SETFL, O_NONBLOCK), sendfile(p[1], in, &off, 10)));
    static char buf[65536];
    T("read 4096 from the pipe", read(p[0], buf, 4096));
    T("sendfile into 4096 bytes of room", sendfile(p[1], in, &off, sizeof data));
    printf("  offset now %ld\n", (long)off);
    close(p[0]);
    T("sendfile with no reader", sendfile(p[1], in, &off, 10));
    close(p[1]);

    T("bad input fd", sendfile(out, 99, NULL, 10));
    T("bad output fd", sendfile(99, in, NULL, 10));
    int ro = open(out_name, O_RDONLY);
    T("output not writable", sendfile(ro, in, NULL, 10));
    int wo = open(in_name, O_WRONLY);
    T("input not readable", sendfile(out, wo, NULL, 10));
    int ap = open(out_name, O_WRONLY | O_APPEND);
    T("O_APPEND output", sendfile(ap, in, NULL, 10));
    off = -1;
    T("negative offset", sendfile(out, in, &off, 10));
    T("bad offset pointer", sendfile(out, in, (off_t *)8, 10));
    unlink(in_name);
    unlink(out_name);
    return 0;
}
