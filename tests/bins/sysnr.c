/* SPDX-License-Identifier: MIT */
/* The syscall number is an int: Linux ignores the upper half of rax, and a
 * negative or too large number is ENOSYS. */
#include "t.h"

static void same(const char *what, long got, long want)
{
    printf("%s: %s\n", what, got == want ? "same" : "different");
}

int main(void)
{
    same("getpid | 1<<32", syscall((long)((1UL << 32) | SYS_getpid)), getpid());
    same("getuid | 0xffffffff<<32",
         syscall((long)(0xffffffff00000000UL | SYS_getuid)), getuid());
    long r = syscall((long)((1UL << 40) | SYS_umask), 022);
    printf("umask | 1<<40 -> %lo\n", r);
    static const unsigned long bad[] = {~0UL, 0x7fffffffUL, 0x80000000UL,
                                        (1UL << 32) | 0xffffffffUL, 1000};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char label[64];
        errno = 0;
        r = syscall((long)bad[i]);
        snprintf(label, sizeof(label), "nr %#lx", bad[i]);
        t_show(label, r, errno);
    }
    return 0;
}
