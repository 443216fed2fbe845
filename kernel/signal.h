/* SPDX-License-Identifier: MIT */
/*
 * Signals (kernel/signal.c): dispositions per process, masks and pending
 * sets per thread and per process, queued siginfo, and delivery on the way
 * back to ring 3 with Linux's frame.
 */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

#include <stdint.h>

#include "kernel/task.h"

struct regs;
struct task;
struct ksiginfo;
struct linux_sigaction;

#define SIG_BIT(s) (1ULL << ((s)-1))
#define SIG_UNBLOCKABLE (SIG_BIT(9) | SIG_BIT(19)) /* SIGKILL, SIGSTOP */

/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)

/* The program starts with the signals of mask ignored (bit s-1 for s). */
void signal_init(uint64_t ignored);
/* Whether t has a signal pending that it does not block. */
int signal_pending(struct task *t);
/* Before t returns to ring 3 with r: finish an interrupted syscall
 * (restart it or fail it with EINTR), then deliver one pending signal.
 * 1 if a handler frame was set up (call again: more may be due), 0 if
 * none.  A fatal signal ends the process here. */
int signal_deliver(struct task *t, struct regs *r);
/* Whether signal_deliver has anything to do for t: a syscall to finish,
 * a mask to put back, or a signal due (inline: every return checks). */
static inline int signal_work(const struct task *t)
{
    return t->in_syscall || t->restore_mask || t->proc->stopped ||
           ((t->pending.set | t->proc->pending.set) & ~t->blocked);
}

/* Send sig to the process: one thread that does not block it takes it.
 * info may be NULL (SI_KERNEL).  0, or -errno. */
int signal_kill(int sig, const struct ksiginfo *info);
/* Send sig to process p. */
struct process;
int signal_proc(struct process *p, int sig, const struct ksiginfo *info);
/* Send sig to task t alone (tgkill). */
int signal_tkill(struct task *t, int sig, const struct ksiginfo *info);
/* Thread t ends at its next return to ring 3 (task_kill_others). */
void signal_end_thread(struct task *t);
/* t looks at its signals soon: woken if asleep, interrupted if running. */
void signal_kick(struct task *t);
/* execve: handled signals go back to their default, every action loses
 * its flags and mask, and the alternate stack goes; the mask and what is
 * pending stay. */
void signal_exec(struct task *t);
/* The running thread sends itself sig (SIGPIPE). */
void signal_self(int sig);
/* ppoll, pselect6, epoll_pwait: block mask while waiting; _end puts the
 * old mask back, unless the wait was interrupted (then it comes back
 * after the handler). */
void signal_wait_mask(uint64_t mask);
void signal_wait_mask_end(int interrupted);
/* Signal sig sent to the program from outside (./run received it) or by
 * the kernel (a timer): it waits while blocked, is dropped if ignored,
 * else takes its effect. */
void signal_send(int sig);
/* A fault of the running thread, as the CPU reported it. */
struct signal_fault {
    int sig, code;
    uint64_t addr;           /* si_addr */
    uint64_t trapno, err, cr2; /* for the sigcontext */
    const char *what;        /* for the uk: line if it is fatal */
    uint64_t where;          /* the address named in that line */
};
/* Deliver it to the thread's handler, or, when it has none, blocks or
 * ignores the signal, end the program (one uk: line). */
void signal_fault(const struct signal_fault *f);

/* Disposition of sig (1..64), for rt_sigaction. */
struct linux_sigaction *signal_action(int sig);
/* A new disposition was set: pending signals it ignores are dropped. */
void signal_action_changed(int sig);
/* Set t's mask (SIGKILL and SIGSTOP stay unblocked). */
void signal_set_mask(struct task *t, uint64_t mask);
/* Signals pending for t or its process. */
uint64_t signal_pending_set(struct task *t);
/* Take a pending signal in mask for t (sigtimedwait, signalfd): its number
 * and info, or 0 if none. */
int signal_take(struct task *t, uint64_t mask, struct ksiginfo *info);
/* The process-wide queue changed under t's feet (thread exit). */
void signal_task_free(struct task *t);
/* The same for the signals sent to process p, which is going. */
void signal_proc_free(struct process *p);
/* rt_sigreturn for t. */
long signal_return(struct task *t, struct regs *r);

#endif
