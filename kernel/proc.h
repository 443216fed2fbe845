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
/* exec: where the new image's stack keeps its argument and environment
 * strings, and its initial stack pointer. */
void proc_set_stack(uint64_t arg_start, uint64_t arg_end, uint64_t env_start,
                    uint64_t env_end, uint64_t start_stack);
/* What /proc/PROC_PID/stat, statm and status report, as of now. */
struct proc_info {
    const char *comm;
    int uid[4], gid[4]; /* real, effective, saved, file system */
    int nthreads, cpu, nice, policy, rt_prio;
    unsigned umask, fd_limit;
    uint64_t utime_ns, stime_ns, start_ns, minflt, nvcsw, nivcsw;
    uint64_t vsize, rss_pages, rss_peak_pages;
    uint64_t pending, shared_pending, blocked, ignored, caught;
    uint64_t arg_start, arg_end, env_start, env_end, start_stack;
};
void proc_info(struct proc_info *pi);
/* The nice value setpriority left (syscall/usage.c). */
int proc_nice(void);
/* Name of signal sig, such as "SIGSEGV". */
const char *proc_signame(int sig);
/* The soft and the hard limit of resource res (LX_RLIMIT_*), as
 * setrlimit left them; LX_RLIM_INFINITY for none. */
uint64_t proc_rlimit(unsigned res);
uint64_t proc_rlimit_max(unsigned res);

#endif
