/* SPDX-License-Identifier: MIT */
/*
 * execve of a program file written at run time (not one the boot archive
 * holds): this program copies itself to /tmp and runs the copy, which
 * then churns through more memory than the VM has (execcopy.opts gives it
 * 16 MiB), so that any frame the kernel freed while still mapping it (the
 * copy's text, once) is reused, and then calls back into its text.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define COPY "/tmp/execcopy.bin"
#define CHUNK (4 << 20)

static int churn(void)
{
    for (int i = 0; i < 4; i++) {
        char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return 1;
        memset(p, 0x5a + i, CHUNK);
        munmap(p, CHUNK);
    }
    return 0;
}

static void copy_self(void)
{
    static char buf[1 << 16];
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    ssize_t n;
    if (in < 0 || out < 0) {
        perror("open");
        exit(1);
    }
    while ((n = read(in, buf, sizeof(buf))) > 0)
        if (write(out, buf, (size_t)n) != n) {
            perror("write");
            exit(1);
        }
    close(in);
    close(out);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "copy")) {
        int r = churn();
        printf("the copy ran: %d\n", r);
        return r;
    }
    copy_self();
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        execl(COPY, COPY, "copy", (char *)NULL);
        perror("execl");
        _exit(127);
    }
    int st;
    waitpid(c, &st, 0);
    unlink(COPY);
    if (WIFSIGNALED(st))
        printf("the copy died of signal %d\n", WTERMSIG(st));
    else
        printf("the copy exited %d\n", WEXITSTATUS(st));
    return 0;
}
