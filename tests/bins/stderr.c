/* SPDX-License-Identifier: MIT */
/* Writes to both stdout and stderr; the runner compares stdout only and
 * checks that the stderr line arrived on stderr. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("to stdout 1\n");
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
    write(1, "to stdout 2\n", 12);
    write(2, "to stderr raw\n", 14);
    return 3;
}
