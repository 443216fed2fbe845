/* SPDX-License-Identifier: MIT */
/*
 * pause() returns -1 EINTR once a handled signal arrives, and only then:
 * a thread first sends SIGUSR2 (ignored) and SIGWINCH (default: ignored)
 * several times, which must not end the pause, then SIGUSR1, whose
 * handler runs before pause returns.  Then pause woken by a SIGALRM
 * from setitimer.
 */
#include "thr.h"
#include <pthread.h>
#include <sys/time.h>

static volatile int usr1, alrm, sent_ignored;
static pthread_t main_thread;

static void h(int s)
{
    if (s == SIGUSR1)
        usr1++;
    else
        alrm++;
}

static void *sender(void *arg)
{
    (void)arg;
    t_sleep_ms(20);
    for (int i = 0; i < 3; i++) {
        pthread_kill(main_thread, SIGUSR2);
        pthread_kill(main_thread, SIGWINCH);
        t_sleep_ms(5);
    }
    sent_ignored = 1;
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

int main(void)
{
    t_watchdog();
    signal(SIGUSR1, h);
    signal(SIGUSR2, SIG_IGN);
    main_thread = pthread_self();
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    T("pause", pause());
    printf("USR1 handled %d, all ignored ones sent before %d\n", usr1,
           sent_ignored);
    pthread_join(t, NULL);
    signal(SIGALRM, h);
    struct itimerval v = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &v, NULL);
    T("pause", pause());
    printf("SIGALRM handled %d\n", alrm);
    return 0;
}
