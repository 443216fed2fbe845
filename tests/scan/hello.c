/* SPDX-License-Identifier: MIT */
/* The C program test_scan scans, linked static with glibc and musl. */
#include <stdio.h>

int main(void)
{
    puts("hi");
    return 0;
}
