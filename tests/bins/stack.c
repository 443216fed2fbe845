/* SPDX-License-Identifier: MIT */
/* The main stack: deep recursion and a large frame below the initial
 * stack pointer (Linux grows the stack on demand up to RLIMIT_STACK). */
#include "t.h"
#include <stdint.h>

static long depth(int n, volatile char *prev)
{
    volatile char frame[1024];
    frame[0] = (char)n, frame[1023] = (char)(n >> 8);
    if (n == 0)
        return prev ? prev[0] : 0;
    return depth(n - 1, frame) + frame[0];
}

static __attribute__((noinline)) long big_frame(void)
{
    volatile char a[4 << 20];
    for (long i = 0; i < (long)sizeof a; i += 4096)
        a[i] = 1;
    long s = 0;
    for (long i = 0; i < (long)sizeof a; i += 4096)
        s += a[i];
    return s;
}

int main(int argc, char **argv)
{
    (void)argc;
    char here;
    FACT("argv above locals", (uintptr_t)argv > (uintptr_t)&here);
    long r = depth(2000, NULL);
    printf("recursion 2000 x 1 KiB: %ld\n", r);
    printf("4 MiB frame: %ld pages\n", big_frame());
    return 0;
}
