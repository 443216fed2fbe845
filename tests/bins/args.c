/* SPDX-License-Identifier: MIT */
/* argv and envp as the program receives them, in order. */
#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
    printf("argc = %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", argv[argc] ? "no" : "yes");
    int n = 0;
    for (char **e = envp; *e; e++, n++)
        printf("envp[%d] = \"%s\"\n", n, *e);
    printf("envc = %d\n", n);
    /* envp follows argv's NULL on the initial stack */
    printf("envp == argv + argc + 1: %s\n",
           envp == argv + argc + 1 ? "yes" : "no");
    return argc;
}
