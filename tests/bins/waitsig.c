/* SPDX-License-Identifier: MIT */
/*
 * Waits for a signal from outside (tests/runner's special:signal cases
 * send SIGTERM, SIGINT, SIGHUP or SIGQUIT once "ready" is printed):
 *   pause   in pause()
 *   spin    in a loop that makes no syscall
 *   sleep   in a long nanosleep
 *   ignore  with the signal ignored: prints "survived" 300 ms later
 *   show    prints the signals it started with ignored, and exits
 * Without an argument it exits at once, for the plain run of every test.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: waitsig pause|spin|sleep|ignore [SIG]\n");
        return 0;
    }
    if (!strcmp(argv[1], "show")) {
        for (int sig = 1; sig < 65; sig++) {
            struct sigaction sa;
            if (!sigaction(sig, NULL, &sa) && sa.sa_handler == SIG_IGN)
                printf("ignored at start: %d\n", sig);
        }
        return 0;
    }
    if (!strcmp(argv[1], "ignore")) {
        int sig = argc > 2 ? atoi(argv[2]) : SIGTERM;
        signal(sig, SIG_IGN);
    }
    printf("ready\n");
    fflush(stdout);
    if (!strcmp(argv[1], "pause"))
        pause();
    if (!strcmp(argv[1], "spin"))
        for (volatile unsigned long i = 0;; i++)
            ;
    if (!strcmp(argv[1], "sleep")) {
        struct timespec ts = {60, 0};
        nanosleep(&ts, NULL);
    }
    if (!strcmp(argv[1], "ignore")) {
        struct timespec ts = {0, 300000000};
        while (nanosleep(&ts, &ts))
            ;
        printf("survived\n");
    }
    return 0;
}
