/* SPDX-License-Identifier: MIT */
/*
 * Timers that pick a thread: SIGEV_THREAD_ID sends the expiry signal to one
 * named thread (its handler runs there, not in main, although main does
 * not block it either); a tid outside the process is EINVAL; SIGEV_THREAD
 * runs the notify function in a thread the libc starts (which itself
 * rests on SIGEV_THREAD_ID), 3 times for a periodic timer.
 */
#include "thr.h"
#include <pthread.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid /* glibc 2.36 lacks it */
#endif

static volatile int target_tid, in_target, in_other, stop, notified,
    notify_main;
static uint32_t done;

static void h(int s)
{
    (void)s;
    if (t_gettid() == target_tid)
        in_target++;
    else
        in_other++;
}

static void *target(void *arg)
{
    (void)arg;
    target_tid = t_gettid();
    while (!stop)
        t_sleep_ms(1);
    return NULL;
}

static void notify(union sigval v)
{
    notify_main |= t_gettid() == getpid();
    if (__atomic_add_fetch(&notified, v.sival_int, __ATOMIC_SEQ_CST) >= 3) {
        __atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
        t_futex(&done, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
    }
}

int main(void)
{
    t_watchdog();
    signal(SIGUSR1, h);
    pthread_t th;
    pthread_create(&th, NULL, target, NULL);
    while (!target_tid)
        t_sleep_ms(1);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_notify_thread_id = target_tid;
    timer_t t;
    T("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &ev, &t));
    struct itimerspec its = {{0, 5000000}, {0, 5000000}};
    timer_settime(t, 0, &its, NULL);
    while (in_target < 3)
        t_sleep_ms(1);
    its = (struct itimerspec){{0, 0}, {0, 0}};
    timer_settime(t, 0, &its, NULL);
    printf("3 expiries handled in the target thread, elsewhere %d\n", in_other);
    timer_delete(t);
    stop = 1;
    pthread_join(th, NULL);
    ev.sigev_notify_thread_id = 0x3ffffff0;
    T("timer_create SIGEV_THREAD_ID, no such tid",
      timer_create(CLOCK_MONOTONIC, &ev, &t));

    struct sigevent te = {0};
    te.sigev_notify = SIGEV_THREAD;
    te.sigev_notify_function = notify;
    te.sigev_value.sival_int = 1;
    T("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &te, &t));
    its = (struct itimerspec){{0, 10000000}, {0, 10000000}};
    timer_settime(t, 0, &its, NULL);
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
        t_futex(&done, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    T("timer_delete", timer_delete(t));
    printf("notify function ran >= 3 times: %s, never in main: %s\n",
           notified >= 3 ? "yes" : "no", notify_main ? "no" : "yes");
    return 0;
}
