/* SPDX-License-Identifier: MIT */
/* Integer division by zero: SIGFPE, status 136. */
#include <stdio.h>

int main(void)
{
    volatile int a = 7, b = 0;
    printf("before divide\n");
    fflush(stdout);
    printf("%d\n", a / b);
    return 0;
}
