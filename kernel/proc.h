/* SPDX-License-Identifier: MIT */
/* The one process: identity, exit, and death by signal (kernel/proc.c). */
#ifndef UK_PROC_H
#define UK_PROC_H

#include <stdint.h>

/* The program is not init: it runs as a job of a shell would, pid 100
 * leading process group 100, in the session of its parent, pid 99 (the
 * launcher, which is outside the VM).  Threads and children take the ids
 * after 100. */
#define PROC_PID 100
#define PROC_PPID 99
#define PROC_SID 99

/* End the VM: status is the exit status, kind an enum uk_exit_kind. */
_Noreturn void proc_exit(int status, int kind);
/* The program dies of signal sig: one line on stderr naming the signal,
 * what happened, the faulting address and rip; status 128 + sig. */
_Noreturn void proc_fatal_signal(int sig, const char *what, uint64_t addr,
                                 uint64_t rip);
/* The process name (prctl PR_GET_NAME): the basename of path. */
void proc_set_comm(const char *path);
/* Name of signal sig, such as "SIGSEGV". */
const char *proc_signame(int sig);
/* The soft and the hard limit of resource res (LX_RLIMIT_*), as
 * setrlimit left them; LX_RLIM_INFINITY for none. */
uint64_t proc_rlimit(unsigned res);
uint64_t proc_rlimit_max(unsigned res);

#endif
