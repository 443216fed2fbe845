/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: where a task sleeps until an event, a deadline or (when
 * interruptible) a signal (kernel/wait.c).  Callers test their condition
 * and sleep under the big kernel lock, so no wakeup is lost:
 *     while (!cond) { if ((err = wait_sleep(&wq, deadline, 1))) return err; }
 */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <stdint.h>

struct task;

struct wait_queue {
    struct task *head, *tail;
};

#define WAIT_FOREVER UINT64_MAX
#define WOKE_EVENT 1
#define WOKE_TIMER 2
#define WOKE_SIGNAL 3

/* Sleep on wq (which may be NULL: only the deadline or a signal ends it)
 * until wait_wake, the monotonic deadline (ns) or, if interruptible, a
 * signal.  0, -ETIMEDOUT, or -ERESTARTSYS (a signal: the caller returns
 * it, or turns it into -EINTR). */
int wait_sleep(struct wait_queue *wq, uint64_t deadline, int interruptible);
/* Wake up to n tasks sleeping on wq (all when n < 0): how many woke. */
int wait_wake(struct wait_queue *wq, int n);
/* Take t off the queue it sleeps on (sched_wake does this). */
void wait_remove(struct task *t);
/* Wake the task that sleeps on wq first, if it matches: for futexes. */
int wait_wake_if(struct wait_queue *wq, int n,
                 int (*match)(struct task *t, void *arg), void *arg);

#endif
