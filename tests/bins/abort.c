/* SPDX-License-Identifier: MIT */
/* abort() raises SIGABRT even when it is blocked: status 134. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGABRT);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("before abort\n");
    fflush(stdout);
    abort();
}
