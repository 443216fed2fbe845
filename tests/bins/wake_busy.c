/* SPDX-License-Identifier: MIT */
/*
 * A thread that wakes from a sleep while every CPU is busy with threads
 * that make syscalls in a loop must still run: its CPU's running thread
 * gets a time slice (a wakeup from another CPU used to leave it queued
 * for ever).  Repeated, and with both kinds of busy thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 20

static void *caller(void *arg)
{
    (void)arg;
    for (;;)
        getppid();
    return NULL;
}

static void *spinner(void *arg)
{
    (void)arg;
    for (volatile unsigned long i = 0;; i++)
        ;
    return NULL;
}

/* Not the main thread: the one that sleeps may then be on any CPU. */
static void *sleeper(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    printf("woke %d times\n", ROUNDS);
    exit(0);
}

int main(void)
{
    pthread_t t;
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t, NULL, caller, NULL) ||
            pthread_create(&t, NULL, spinner, NULL))
            return 1;
    if (pthread_create(&t, NULL, sleeper, NULL))
        return 1;
    for (;;)
        pause();
}
