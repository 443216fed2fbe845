/* SPDX-License-Identifier: MIT */
/* A lot of output: 256 KiB of numbered lines through stdio, then one
 * 64 KiB write(2) of a pattern, so the console path must keep every byte
 * in order. */
#include "t.h"

int main(void)
{
    static char buf[65536];
    setvbuf(stdout, NULL, _IOFBF, 8192);
    long n = 0;
    for (int i = 0; n < 256 * 1024; i++)
        n += printf("line %06d: the quick brown fox jumps over the lazy dog\n", i);
    fflush(stdout);
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = "0123456789abcdef"[i % 16];
    buf[sizeof buf - 1] = '\n';
    long w = write(1, buf, sizeof buf);
    printf("wrote %ld + %ld bytes\n", n, w);
    return 0;
}
