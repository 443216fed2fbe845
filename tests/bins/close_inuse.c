/* SPDX-License-Identifier: MIT */
/*
 * close(2) of an fd that another thread is blocked on: as on Linux, the
 * blocked read or write keeps its own reference to the open file, so it
 * finishes normally, and the file is released only when it returns.
 *  - a reader blocked on an empty pipe gets the data written after the
 *    close (and the writer sees a reader: no EPIPE);
 *  - a writer blocked on a full pipe finishes its write, and only then
 *    does the reader see the end of the file;
 */
#include "thr.h"
#include <fcntl.h>
#include <pthread.h>

static int p[2];
static volatile int started;
static char big[200000];

static char got[64];
static long result; /* the thread's, printed after the join */

static void *reader(void *a)
{
    started = 1;
    result = read(p[0], got, sizeof got - 1);
    return a;
}

static void *writer(void *a)
{
    started = 1;
    result = write(p[1], big, sizeof big);
    return a;
}

/* Let thread t get into its call, close fd, and give it time to notice
 * if it wrongly would. */
static void close_under(int fd)
{
    while (!started)
        t_sleep_ms(1);
    t_sleep_ms(200);
    T("close", close(fd));
    t_sleep_ms(50);
}

/* Drain the pipe to its end: the bytes. */
static long drain(void)
{
    static char buf[65536];
    long total = 0, n;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        total += n;
    return n < 0 ? n : total;
}

int main(void)
{
    pthread_t t;
    t_watchdog();
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);

    T("pipe", pipe(p));
    started = 0;
    pthread_create(&t, NULL, reader, NULL);
    close_under(p[0]);
    T("write after the reader's fd closed", write(p[1], "hello", 5));
    pthread_join(t, NULL);
    printf("reader: read = %ld \"%s\"\n", result, got);
    T("write now that no reader is left", write(p[1], "x", 1));
    close(p[1]);

    T("pipe", pipe(p));
    started = 0;
    pthread_create(&t, NULL, writer, NULL);
    close_under(p[1]);
    printf("drained %ld bytes\n", drain());
    pthread_join(t, NULL);
    printf("writer: write = %ld\n", result);

    return 0;
}
