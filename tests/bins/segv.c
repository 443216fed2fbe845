/* SPDX-License-Identifier: MIT */
/* Dereferencing NULL kills the process with SIGSEGV: status 139. */
#include <stdio.h>

int main(void)
{
    printf("before fault\n");
    fflush(stdout);
    volatile int *p = NULL;
    *p = 1;
    printf("after fault\n");
    return 0;
}
