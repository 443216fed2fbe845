/* SPDX-License-Identifier: MIT */
/*
 * boot: the hello of the boot measurements.  The first thing main does is
 * read the TSC; under QEMU's -icount shift=0 that is the number of guest
 * instructions since reset.  Prints "tsc_main N" (raw ticks) and "hello".
 * Arguments are ignored.
 */
#include <stdio.h>

int main(void)
{
    unsigned long long tsc = __builtin_ia32_rdtsc();

    printf("tsc_main %llu\nhello\n", tsc);
    return 0;
}
