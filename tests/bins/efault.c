/* SPDX-License-Identifier: MIT */
/* Bad user pointers make syscalls fail with EFAULT instead of crashing
 * the process or the kernel. Raw syscall() so libc does not touch them. */
#include "t.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>

#define BAD ((void *)1)
#define KERNEL ((void *)0xffff800000001000ul)
#define NONCANON ((void *)0x0000800000000000ul)

int main(void)
{
    int p[2];
    pipe(p);
    write(p[1], "data", 4);
    T("write(1, 0x1, 5)", syscall(SYS_write, 1, BAD, 5));
    T("write(1, kernel, 5)", syscall(SYS_write, 1, KERNEL, 5));
    T("write(1, noncanonical, 5)", syscall(SYS_write, 1, NONCANON, 5));
    T("read(pipe, 0x1, 4)", syscall(SYS_read, p[0], BAD, 4));
    T("read(pipe, kernel, 4)", syscall(SYS_read, p[0], KERNEL, 4));
    T("open((char*)1)", syscall(SYS_open, BAD, O_RDONLY));
    T("openat(kernel)", syscall(SYS_openat, AT_FDCWD, KERNEL, O_RDONLY));
    T("stat(\"/\", 0x1)", syscall(SYS_stat, "/", BAD));
    T("fstat(1, kernel)", syscall(SYS_fstat, 1, KERNEL));
    T("clock_gettime(MONO, 0x1)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD));
    T("gettimeofday(0x1)", syscall(SYS_gettimeofday, BAD, NULL));
    T("uname(0x1)", syscall(SYS_uname, BAD));
    T("pipe(0x1)", syscall(SYS_pipe, BAD));
    T("getcwd(0x1, 100)", syscall(SYS_getcwd, BAD, 100));
    T("nanosleep(0x1)", syscall(SYS_nanosleep, BAD, NULL));
    T("getrandom(0x1, 16)", syscall(SYS_getrandom, BAD, 16, 0));
    T("readlink(..., 0x1)", syscall(SYS_readlink, "/proc/self/exe", BAD, 100));
    T("rt_sigaction(USR1, 0x1)", syscall(SYS_rt_sigaction, 10, BAD, NULL, 8));
    T("rt_sigprocmask(BLOCK, 0x1)", syscall(SYS_rt_sigprocmask, 0, BAD, NULL, 8));
    /* partial copies: a regular file takes the bytes before the fault */
    t_tmp_enter();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec { void *b; size_t l; } iov[2] = { { "ok", 2 }, { BAD, 3 } };
    T("writev(file, [ok, bad])", syscall(SYS_writev, fd, iov, 2));
    T("writev(file, 0x1)", syscall(SYS_writev, fd, BAD, 1));
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m + 4096, 4096);
    memcpy(m + 4094, "ab", 2);
    T("write straddling end of mapping", syscall(SYS_write, fd, m + 4094, 10));
    T("file size", lseek(fd, 0, SEEK_END));
    T("pread into straddling buffer", syscall(SYS_pread64, fd, m + 4094, 4, 0));
    printf("  got \"%.2s\"\n", m + 4094);
    close(fd);
    unlink("f");
    t_tmp_leave();
    mprotect(m, 4096, PROT_READ);
    T("read into read-only page", syscall(SYS_read, p[0], m, 4));
    T("pipe still usable", syscall(SYS_read, p[0], (char[8]){0}, 8));
    printf("alive\n");
    return 0;
}
