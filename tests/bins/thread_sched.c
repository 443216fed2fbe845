/* SPDX-License-Identifier: MIT */
/*
 * Scheduling calls from several threads: sched_yield in 4 threads at once;
 * sched_getaffinity in a thread and for another thread's tid (the same
 * set); getcpu returns a CPU of the set; a thread that pins itself to one
 * CPU of the set runs there at once; an unknown tid is ESRCH.
 */
#include "thr.h"
#include <pthread.h>
#include <sched.h>

static cpu_set_t main_set;
static volatile int ok[4];
static volatile int pinned_ok = -1;
static volatile int tids[4], queried;

static void *work(void *arg)
{
    long i = (long)arg;
    int good = 1;
    tids[i] = t_gettid();
    for (int k = 0; k < 50; k++)
        good &= sched_yield() == 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    good &= sched_getaffinity(0, sizeof s, &s) == 0 && CPU_EQUAL(&s, &main_set);
    unsigned cpu = 9999;
    good &= syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 && CPU_ISSET(cpu, &s);
    ok[i] = good;
    if (i == 0) {
        /* pin to the highest CPU of the set */
        int last = -1;
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &s))
                last = c;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(last, &one);
        int r = sched_setaffinity(0, sizeof one, &one);
        syscall(SYS_getcpu, &cpu, NULL, NULL);
        pinned_ok = r == 0 && (int)cpu == last;
        sched_getaffinity(0, sizeof s, &s);
        pinned_ok &= CPU_COUNT(&s) == 1;
    }
    while (i == 3 && !queried) /* stay alive for the query by tid */
        t_sleep_ms(1);
    return NULL;
}

int main(void)
{
    t_watchdog();
    CPU_ZERO(&main_set);
    T("main sched_getaffinity",
      sched_getaffinity(0, sizeof main_set, &main_set));
    FACT("count >= 1", CPU_COUNT(&main_set) >= 1);
    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, work, (void *)i);
    /* another thread's set, by tid, while it runs */
    while (!tids[3])
        t_sleep_ms(1);
    cpu_set_t s;
    CPU_ZERO(&s);
    T("getaffinity of another thread",
      sched_getaffinity(tids[3], sizeof s, &s));
    queried = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    FACT("its set is the main set", CPU_EQUAL(&s, &main_set));
    int all = 1;
    for (int i = 0; i < 4; i++)
        all &= ok[i];
    FACT("every thread: 50 yields ok, same set, getcpu in the set", all);
    FACT("pinned thread runs on its CPU, set has one CPU", pinned_ok == 1);
    CPU_ZERO(&s);
    sched_getaffinity(0, sizeof s, &s);
    FACT("main's set unchanged by the thread's pin", CPU_EQUAL(&s, &main_set));
    T("getaffinity of a tid that does not exist",
      sched_getaffinity(0x3ffffff0, sizeof s, &s));
    return 0;
}
