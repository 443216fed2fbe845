/* SPDX-License-Identifier: MIT */
/* Processes: identity, the first one, exit, death by signal and waiting
 * (kernel/proc.c, kernel/process.c). */
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

struct process;
struct mm_space;

/* Processes (kernel/process.c). */
/* Set up the first process, before anything uses it (mm, fs, signals). */
void proc_boot(void);
/* The process with this pid (zombies too), or NULL. */
struct process *proc_find(int pid);
/* Whether a process of session sid (any, when sid < 0) is in group pgid. */
int proc_group_in_session(int pgid, int sid);
/* Whether a process has id as its pid, group or session: not a new tid. */
int proc_id_in_use(int id);
/* kill with pid 0 (the caller's group), -1 (every process but the first
 * and the caller) or below (group -pid): 0, or -ESRCH when none. */
struct ksiginfo;
int proc_signal_each(int pid, int sig, const struct ksiginfo *info);
/* Processes of real uid uid that have not ended (RLIMIT_NPROC). */
int proc_count_user(int uid);
/* fork: a new child of parent (the caller, or its parent for
 * CLONE_PARENT), a copy of the caller that runs in mm; its pid comes with
 * its first thread (task_new).  NULL when memory is out. */
struct process *proc_fork(struct mm_space *mm, struct process *parent,
                          int exit_signal);
/* Undo proc_fork for a p that never got a thread. */
void proc_unfork(struct process *p);
/* The last thread of p has ended: free what it holds, and tell the parent
 * (called by that thread, on p's address space). */
void proc_finish(struct process *p);
/* A vfork child ran execve or ended: its parent goes on. */
void proc_vfork_done(struct process *p);
/* Process p dies of signal sig.  The first process ends the VM; another
 * has all its threads end on their way back to ring 3. */
void proc_kill(struct process *p, int sig);
/* The caller's process stops by signal sig (a stop signal's default
 * action): every thread sleeps until SIGCONT or SIGKILL, and the parent
 * hears of it.  proc_continue resumes p (SIGCONT sent). */
void proc_stop(int sig);
void proc_continue(struct process *p);
#define PROC_REPORT_STOPPED 1
#define PROC_REPORT_CONTINUED 2
/* exit_group: the caller's process ends with exit status status. */
_Noreturn void proc_exit_group(int status);
/* The caller's process, not the first, dies of signal sig. */
_Noreturn void proc_die(int sig);
/* wait4 and waitid: a child of the caller's, as (idtype, id) names it:
 * 1 and *out when one has ended, 0 with PROC_WNOHANG when none has yet,
 * -ECHILD when there is no such child, -ERESTARTSYS on a signal. */
#define PROC_P_ALL 0
#define PROC_P_PID 1
#define PROC_P_PGID 2
#define PROC_WNOHANG 1
#define PROC_WSTOPPED 2 /* wait4's WUNTRACED */
#define PROC_WEXITED 4
#define PROC_WCONTINUED 8
#define PROC_WNOWAIT 0x01000000
#define PROC_WALL 0x40000000
#define PROC_WCLONE 0x80000000
struct proc_waited {
    int pid, uid, status; /* status as wait4 encodes it */
    int code, si_status;  /* as waitid's siginfo has them (CLD_*) */
    uint64_t utime, stime, minflt; /* TSC ticks, faults */
};
int proc_wait(int idtype, int id, int options, struct proc_waited *out);
/* Whether process group pgid is orphaned (POSIX): no member has a
 * parent in another group of its session to take care of it. */
int proc_group_orphaned(int pgid);
/* The defaults of a new first process (syscall/proc.c, caps.c, ptimer). */
void proc_limits_init(struct process *p);
void caps_init(struct process *p);

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
    int pid, ppid, pgid, sid;
    int zombie; /* then its memory and files are gone */
    char state; /* as ps shows it: R running, S sleeping, T stopped, Z */
    const char *comm;
    int uid[4], gid[4]; /* real, effective, saved, file system */
    int nthreads, cpu, nice, policy, rt_prio;
    unsigned umask, fd_limit;
    uint64_t utime_ns, stime_ns, start_ns, minflt, nvcsw, nivcsw;
    uint64_t vsize, rss_pages, rss_peak_pages;
    uint64_t pending, shared_pending, blocked, ignored, caught;
    uint64_t arg_start, arg_end, env_start, env_end, start_stack;
};
/* (of process pid, 0 for the caller's: 0, or -ESRCH when there is none) */
int proc_info(int pid, struct proc_info *pi);
/* The smallest pid above after, or 0 when there is none (/proc). */
int proc_next_pid(int after);
/* Run on process pid's address space until proc_mm_leave, to read its
 * memory (/proc's cmdline, environ, maps): 0, or -ESRCH when it is gone
 * or a zombie.  Nothing between the two may sleep. */
int proc_mm_enter(int pid);
void proc_mm_leave(void);
/* The nice value setpriority left (syscall/usage.c). */
int proc_nice(void);
/* Name of signal sig, such as "SIGSEGV". */
const char *proc_signame(int sig);
/* The soft and the hard limit of resource res (LX_RLIMIT_*), as
 * setrlimit left them; LX_RLIM_INFINITY for none. */
uint64_t proc_rlimit(unsigned res);
uint64_t proc_rlimit_max(unsigned res);

#endif
