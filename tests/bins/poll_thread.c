/* SPDX-License-Identifier: MIT */
/*
 * poll, ppoll, select and pselect blocked without a timeout on several
 * pipes, each woken by another thread's write to one of them: the result
 * names exactly that pipe.
 */
#include "thr.h"
#include <poll.h>
#include <pthread.h>
#include <sys/select.h>

static int a[2], b[2];

static void *write_later(void *arg)
{
    t_sleep_ms(20);
    if (write((int)(long)arg, "x", 1) != 1)
        exit(1);
    return NULL;
}

static pthread_t later(int fd)
{
    pthread_t t;
    pthread_create(&t, NULL, write_later, (void *)(long)fd);
    return t;
}

static void drain(void)
{
    char c;
    struct pollfd p[2] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}};
    poll(p, 2, 0);
    if (p[0].revents)
        read(a[0], &c, 1);
    if (p[1].revents)
        read(b[0], &c, 1);
}

int main(void)
{
    t_watchdog();
    if (pipe(a) || pipe(b))
        return 1;
    struct pollfd p[2] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}};
    pthread_t t = later(b[1]);
    T("poll -1", poll(p, 2, -1));
    printf("  a %#x, b %#x\n", p[0].revents, p[1].revents);
    pthread_join(t, NULL);
    drain();

    t = later(a[1]);
    T("ppoll NULL timeout", ppoll(p, 2, NULL, NULL));
    printf("  a %#x, b %#x\n", p[0].revents, p[1].revents);
    pthread_join(t, NULL);
    drain();

    fd_set r;
    FD_ZERO(&r);
    FD_SET(a[0], &r);
    FD_SET(b[0], &r);
    t = later(b[1]);
    T("select NULL timeout", select(b[0] + 1, &r, NULL, NULL, NULL));
    printf("  a %d, b %d\n", FD_ISSET(a[0], &r), FD_ISSET(b[0], &r));
    pthread_join(t, NULL);
    drain();

    FD_ZERO(&r);
    FD_SET(a[0], &r);
    FD_SET(b[0], &r);
    sigset_t m;
    sigemptyset(&m);
    t = later(a[1]);
    T("pselect NULL timeout", pselect(b[0] + 1, &r, NULL, NULL, NULL, &m));
    printf("  a %d, b %d\n", FD_ISSET(a[0], &r), FD_ISSET(b[0], &r));
    pthread_join(t, NULL);
    drain();

    /* a writer closing its end wakes the poller with POLLHUP */
    close(b[1]);
    T("poll after the writer closed", poll(p, 2, -1));
    printf("  a %#x, b %#x\n", p[0].revents, p[1].revents);
    return 0;
}
