/* SPDX-License-Identifier: MIT */
/*
 * fork ITERS: a process starting others; ns per round of
 *   fork_exit  fork, the child _exits, the parent waits;
 *   fork_exec  the same with an execve of this program in the child,
 *              which exits at once;
 *   fork_8m, fork_64m  fork_exit with 8 and 64 MiB of memory written
 *              before: with copy-on-write the two differ by the cost of
 *              the page tables, not of the data.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work.h"

static void round_trip(const char *self)
{
    pid_t p = fork();
    if (p < 0)
        work_fail("fork");
    if (p == 0) {
        if (self) {
            char *argv[] = {(char *)self, "exit", NULL}, *envp[] = {NULL};
            execve(self, argv, envp);
        }
        _exit(0);
    }
    int st;
    if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
        work_fail("waitpid");
}

static double rounds(long n, const char *self)
{
    double t0 = work_now_ns();
    for (long i = 0; i < n; i++)
        round_trip(self);
    return (work_now_ns() - t0) / n;
}

static double with_memory(long n, size_t mib)
{
    size_t len = mib << 20;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        work_fail("mmap");
    memset(m, 1, len);
    double ns = rounds(n, NULL);
    munmap(m, len);
    return ns;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "exit"))
        return 0; /* fork_exec's child */
    long iters = work_iters(argc, argv);
    work_print("fork_exit", rounds(iters, NULL));
    work_print("fork_exec", rounds(iters, "/proc/self/exe"));
    work_print("fork_8m", with_memory(iters, 8));
    work_print("fork_64m", with_memory(iters, 64));
    return 0;
}
