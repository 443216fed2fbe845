/* SPDX-License-Identifier: MIT */
/* ud2 (__builtin_trap) is an invalid opcode: SIGILL, status 132. */
#include <stdio.h>

int main(void)
{
    printf("before ud2\n");
    fflush(stdout);
    __builtin_trap();
}
