/* SPDX-License-Identifier: MIT */
/* CPU time and faults, per thread and per process (kernel/cputime.c);
 * kernel/entry.c and the scheduler take the TSC stamps. */
#ifndef UK_CPUTIME_H
#define UK_CPUTIME_H

#include <stdint.h>

/* CPU time used so far, in ns, by the process or the calling thread. */
void cputime_get(int thread, uint64_t *user_ns, uint64_t *sys_ns);
/* The same for process p, and for the caller's reaped children. */
struct process;
void cputime_proc(struct process *p, uint64_t *user_ns, uint64_t *sys_ns);
void cputime_children(uint64_t *user_ns, uint64_t *sys_ns);
/* Process p's page faults and voluntary and involuntary switches. */
void cputime_proc_counts(struct process *p, uint64_t *minflt, uint64_t *vol,
                         uint64_t *invol);
/* Page faults handled for the program (minor: none needs I/O). */
void cputime_count_fault(void);
uint64_t cputime_faults(int thread);
/* Voluntary and involuntary context switches. */
void cputime_switches(int thread, uint64_t *vol, uint64_t *invol);

#endif
