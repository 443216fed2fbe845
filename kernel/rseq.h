/* SPDX-License-Identifier: MIT */
/* Restartable sequences (kernel/rseq.c): the kernel's side of a thread's
 * registered struct rseq. */
#ifndef UK_RSEQ_H
#define UK_RSEQ_H

struct task;
struct regs;

/* On the way back to ring 3 after t was switched out: abort a critical
 * section it was in, and write its CPU into the area. */
void rseq_return(struct task *t, struct regs *r);
/* Before a signal handler runs: abort a critical section t is in. */
void rseq_interrupted(struct task *t, struct regs *r);

#endif
