/* SPDX-License-Identifier: MIT */
/*
 * Waits for a signal from outside (tests/runner's special:signal cases
 * send SIGTERM, SIGINT, SIGHUP or SIGQUIT once "ready" is printed):
 *   pause   in pause()
 *   spin    in a loop that makes no syscall
 *   sleep   in a long nanosleep
 *   ignore  with the signal ignored: prints "survived" 300 ms later
 *   handle  with a handler for it, which prints its number and si_code
 *           and ends the program (status 3)
 *   show    prints the signals it started with ignored, and exits
 * Without an argument it exits at once, for the plain run of every test.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void caught(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("caught %d, si_code %d\n", sig, si->si_code);
    exit(3);
}

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
    int sig = argc > 2 ? atoi(argv[2]) : SIGTERM;
    if (!strcmp(argv[1], "ignore"))
        signal(sig, SIG_IGN);
    if (!strcmp(argv[1], "handle")) {
        struct sigaction sa = {.sa_sigaction = caught, .sa_flags = SA_SIGINFO};
        sigaction(sig, &sa, NULL);
        pause();
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
