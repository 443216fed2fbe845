// SPDX-License-Identifier: MIT
/* Wait queues and sleeping (kernel/wait.h). */
#include "kernel/kernel.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/wait.h"

void wait_remove(struct task *t)
{
    struct wait_queue *wq = t->wq;
    if (!wq)
        return;
    struct task **pp = &wq->head, *prev = NULL;
    while (*pp && *pp != t) {
        prev = *pp;
        pp = &(*pp)->wq_next;
    }
    if (*pp) {
        *pp = t->wq_next;
        if (wq->tail == t)
            wq->tail = prev;
    }
    t->wq = NULL;
    t->wq_next = NULL;
}

static void timed_out(struct timer *tm)
{
    struct task *t = (struct task *)((char *)tm - offsetof(struct task, timer));
    wait_remove(t);
    sched_wake(t, WOKE_TIMER);
}

int wait_sleep(struct wait_queue *wq, uint64_t deadline, int interruptible)
{
    struct task *t = task_current();
    if (interruptible && signal_pending(t))
        return -ERESTARTSYS;
    t->woken = 0;
    t->interruptible = interruptible;
    if (wq) {
        t->wq = wq;
        t->wq_next = NULL;
        if (wq->tail)
            wq->tail->wq_next = t;
        else
            wq->head = t;
        wq->tail = t;
    }
    if (deadline != WAIT_FOREVER)
        timer_start(&t->timer, deadline, timed_out);
    t->state = TASK_SLEEPING;
    schedule();
    timer_stop(&t->timer);
    wait_remove(t);
    t->interruptible = 0;
    return t->woken == WOKE_TIMER    ? -ETIMEDOUT
           : t->woken == WOKE_SIGNAL ? -ERESTARTSYS
                                     : 0;
}

int wait_wake_if(struct wait_queue *wq, int n,
                 int (*match)(struct task *t, void *arg), void *arg)
{
    int woke = 0;
    struct task *t = wq->head;
    while (t && (n < 0 || woke < n)) {
        struct task *next = t->wq_next;
        if (!match || match(t, arg)) {
            wait_remove(t);
            sched_wake(t, WOKE_EVENT);
            woke++;
        }
        t = next;
    }
    return woke;
}

int wait_wake(struct wait_queue *wq, int n)
{
    return wait_wake_if(wq, n, NULL, NULL);
}
