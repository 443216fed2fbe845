/* SPDX-License-Identifier: MIT */
/*
 * Timers that send signals (kernel/ptimer.c): the three interval timers
 * of setitimer and the POSIX timers of timer_create, on wall clocks
 * (CLOCK_REALTIME, MONOTONIC, BOOTTIME) or on the process's or a thread's
 * CPU time.
 */
#ifndef UK_PTIMER_H
#define UK_PTIMER_H

#include <stdint.h>

#include "kernel/timer.h"

struct task;
struct ksiginfo;

enum ptimer_clock {
    PT_WALL,     /* a wall clock: fires at a monotonic time */
    PT_PROF,     /* process CPU time, user and system */
    PT_VIRTUAL,  /* process CPU time, user only */
    PT_THREAD,   /* one thread's CPU time */
};

struct ptimer {
    enum ptimer_clock clock;
    int realtime;      /* PT_WALL from an absolute CLOCK_REALTIME time */
    uint64_t expiry;   /* monotonic ns, or CPU ns on its clock */
    uint64_t interval; /* ns; 0: one-shot */
    int armed;
    /* What it sends: signo 0 for SIGEV_NONE; to a thread (tid) or the
     * process. */
    int id;            /* POSIX timer id, or -1 */
    int signo, tid;
    int64_t value;
    int queued;        /* its signal is pending, not yet taken */
    int gen;           /* arming count: older signals are stale */
    int overrun, last_overrun;
    struct timer t;    /* when it fires, or next looks at the CPU clock */
    int owner;         /* PT_THREAD: the tid whose CPU time counts */
    struct process *proc; /* whose it is: the one it signals */
};

/* Arm (expiry != 0: on pt's clock, ns) or disarm (0). */
void ptimer_set(struct ptimer *pt, uint64_t expiry, uint64_t interval);
/* Time left before it fires (0 when disarmed), ns. */
uint64_t ptimer_left(struct ptimer *pt);
/* The current time on pt's clock, ns. */
uint64_t ptimer_now(const struct ptimer *pt);
/* Its signal is being taken: fill in the overrun and return 1, or 0 if
 * the signal is stale (the timer was set again or deleted since), and
 * then it is dropped, as on Linux (signal.c). */
int ptimer_taken(struct ksiginfo *info);
/* POSIX timer id, or NULL (syscall/ptimer.c). */
struct ptimer *ptimer_find(int id);
/* execve: every POSIX timer of the calling process is deleted. */
void ptimer_exec(void);
/* A new process's interval timers, disarmed; and at its end, all its
 * timers stop (POSIX ones are deleted). */
struct process;
void ptimer_proc_init(struct process *p);
void ptimer_proc_exit(struct process *p);

#endif
