/* SPDX-License-Identifier: MIT */
/* A signal whose default action is to terminate, sent to oneself:
 * SIGTERM, status 143. Handled signals before it do not kill. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void h(int s)
{
    printf("handled %d\n", s);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGHUP, h);
    kill(getpid(), SIGHUP);
    signal(SIGINT, SIG_IGN);
    kill(getpid(), SIGINT);
    printf("sending SIGTERM\n");
    kill(getpid(), SIGTERM);
    printf("still alive\n");
    return 0;
}
