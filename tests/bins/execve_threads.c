/* SPDX-License-Identifier: MIT */
/*
 * execve while other threads run: they spin in ring 3, sleep in the
 * kernel (nanosleep, a pipe read, a futex wait) or call getpid in a loop.
 * Two threads that are not the main one run execve of this program at
 * once with the next generation number (one wins, the other ends with
 * the rest), GENERATIONS times; each image must start with one thread
 * whose tid is the pid.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define GENERATIONS 12

static char self[4096];
static int gen, pipefd[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
extern char **environ;

static void *spin(void *arg)
{
    (void)arg;
    for (volatile unsigned long i = 0;; i++)
        ;
    return NULL;
}

static void *nap(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 1000000};
    for (;;)
        nanosleep(&ts, NULL);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    char c;
    for (;;)
        read(pipefd[0], &c, 1);
    return NULL;
}

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    for (;;)
        pthread_cond_wait(&never, &lock);
    return NULL;
}

static void *caller(void *arg)
{
    (void)arg;
    for (;;)
        getpid();
    return NULL;
}

static void *execer(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
    char n[16];
    snprintf(n, sizeof n, "%d", gen + 1);
    char *argv[] = {self, n, NULL};
    execve(self, argv, environ);
    perror("execve");
    exit(1);
}

int main(int argc, char **argv)
{
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len <= 0)
        return 1;
    self[len] = 0;
    gen = argc > 1 ? atoi(argv[1]) : 0;
    if ((long)getpid() != syscall(SYS_gettid)) {
        printf("generation %d: tid is not the pid\n", gen);
        return 1;
    }
    if (gen == GENERATIONS) {
        printf("%d generations\n", gen);
        return 0;
    }
    if (pipe(pipefd))
        return 1;
    void *(*fns[])(void *) = {spin, nap, reader, waiter, caller, nap, caller};
    pthread_t t;
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
        if (pthread_create(&t, NULL, fns[i], NULL))
            return 1;
    pthread_create(&t, NULL, execer, NULL);
    pthread_create(&t, NULL, execer, NULL);
    for (;;)
        pause();
}
