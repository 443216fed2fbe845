/* SPDX-License-Identifier: MIT */
/* getrandom: sizes, flags, and that the bytes look random. */
#include "t.h"
#include <sys/random.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

int main(void)
{
    unsigned char a[16], b[16];
    static unsigned char big[256 << 10]; /* kernel-mode time on a slow KVM */
    T("getrandom 16", getrandom(a, sizeof a, 0));
    T("getrandom 16 NONBLOCK", getrandom(b, sizeof b, GRND_NONBLOCK));
    int nz = 0;
    for (int i = 0; i < 16; i++)
        nz |= a[i];
    FACT("not all zero", nz);
    FACT("two draws differ", memcmp(a, b, 16) != 0);
    T("getrandom 0 bytes", getrandom(a, 0, 0));
    T("GRND_RANDOM|NONBLOCK", getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK) > 0);
    T("GRND_INSECURE", getrandom(a, 16, GRND_INSECURE));
    T("bad flags", syscall(SYS_getrandom, a, 16, 0x100));
    T("INSECURE|RANDOM", syscall(SYS_getrandom, a, 16, GRND_INSECURE | GRND_RANDOM));
    long n = getrandom(big, sizeof big, 0);
    FACT("256 KiB request returns > 0", n > 0);
    int hist[256] = {0};
    for (long i = 0; i < n; i++)
        hist[big[i]]++;
    int empty = 0;
    for (int i = 0; i < 256; i++)
        empty += hist[i] == 0;
    printf("byte values never seen: %d\n", n >= 65536 ? empty : -1);
    return 0;
}
