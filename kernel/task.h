/* SPDX-License-Identifier: MIT */
/*
 * Tasks (threads) and the process they belong to (kernel/task.c), and the
 * scheduler that runs them (kernel/sched.c).  Everything here is guarded
 * by the big kernel lock (kernel/lock.h), which a CPU holds whenever it
 * runs kernel code.
 */
#ifndef UK_TASK_H
#define UK_TASK_H

#include <stdint.h>

#include "hal/hal.h"
#include "kernel/ptimer.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "syscall/linux.h"

struct regs;
struct wait_queue;
struct process;

enum task_state {
    TASK_RUNNING,  /* running, or on a run queue */
    TASK_SLEEPING, /* on a wait queue, or waiting for a timer */
    TASK_DEAD,     /* exited; its memory goes once it is off the CPU */
};

/* Linux's siginfo: 128 bytes, the fields the kernel fills. */
struct ksiginfo {
    int32_t signo, errno_, code, pad;
    union {
        struct {
            int32_t pid;
            uint32_t uid;
            int64_t value; /* sigqueue, timers */
        } kill;
        struct {
            int32_t tid;
            int32_t overrun;
            int64_t value;
            int32_t sys_private; /* the arming it came from */
        } timer;
        struct {
            uint64_t addr;
        } fault;
        uint8_t raw[112];
    } u;
};

/* A queued signal (real-time signals queue, standard ones do not). */
struct sigq {
    struct sigq *next;
    struct ksiginfo info;
};

struct sigpend {
    uint64_t set;      /* bit s-1: signal s is pending */
    struct sigq *head; /* their siginfo, in arrival order */
};

struct task {
    uint64_t ksp;       /* kernel stack pointer while switched out */
    struct process *proc; /* the process it is a thread of */
    uint8_t *kstack;    /* KSTACK_BYTES, the user registers at the top */
    struct regs *regs;  /* the user registers */
    void *fpu;          /* saved FPU/SSE/AVX state */
    uint64_t fs_base, gs_base;
    int tid;
    enum task_state state;
    int cpu;            /* the CPU it runs or last ran on */
    uint64_t affinity;  /* CPUs it may run on, bit per CPU */
    int policy, rt_prio; /* sched_setscheduler's, kept for the getters */
    struct task *rq_next;
    struct task *hash_next;
    struct task *next_in_proc;

    /* Sleeping: the queue it is on, the timer of a timed sleep, and why
     * it woke. */
    struct wait_queue *wq;
    struct task *wq_next;
    struct timer timer;
    int woken;        /* by wait_wake (1), the timer (2), a signal (3) */
    int interruptible;
    uint64_t wait_key; /* futex: the word's address, and its bitset */
    uint32_t wait_bits;
    int pi_owner;      /* FUTEX_LOCK_PI: whose lock it waits for */

    /* Signals. */
    uint64_t blocked;
    uint64_t saved_mask; /* sigsuspend/pselect: restored after a handler */
    uint64_t waiting_for; /* sigtimedwait: the signals it takes itself */
    int restore_mask;
    struct sigpend pending;
    struct linux_stack_t altstack;
    uint64_t fault_addr, fault_err, fault_trapno;
    int in_syscall; /* its syscall returned -ERESTART*: kernel_exit may
                     * restart it */
    uint64_t restart_deadline; /* restart_syscall: the sleep it goes on */
    struct linux_timespec *restart_rem;

    /* Threads. */
    uint64_t clear_child_tid, robust_list, robust_len;
    uint64_t rseq;
    uint32_t rseq_sig;
    int rseq_dirty; /* switched out since it last returned to ring 3 */

    /* CPU time, in TSC ticks. */
    uint64_t utime, stime, last_tsc;
    uint64_t nvcsw, nivcsw; /* voluntary and involuntary switches */
    uint64_t minflt;
};

struct mm_space;
struct fs_proc;
/* vfork: the parent sleeps until the child runs execve or ends. */
struct vfork_done {
    struct wait_queue wq;
    int done;
};
#define PROC_MAX_TIMERS 4096 /* POSIX timers per process */
#define PROC_NGROUPS 64      /* supplementary groups */

/*
 * A process: its threads and everything they share.  The first one
 * (proc_init) is static and lives as long as the VM; the others come from
 * fork and go when their parent reaps them (kernel/process.c).
 */
struct process {
    int pid, pgid, sid;
    int ppid;                 /* the parent's (PROC_PPID: ./run's) */
    struct process *parent;   /* NULL for the first: its parent is ./run */
    struct process *children; /* newest first, linked by sibling */
    struct process *sibling;
    struct process *next;     /* all processes, newest first */
    struct mm_space *mm;      /* the address space its threads run in */
    struct fs_proc *fs;       /* fds, cwd, umask (kernel/fs/file.h) */
    int nthreads;
    struct task *threads;
    struct linux_sigaction actions[LX_NSIG + 1];
    struct sigpend pending; /* sent to the process, any thread may take */
    int exiting;
    /* execve: the thread that runs it, while the others end. */
    struct task *execing;
    struct wait_queue exec_wq;
    /* CPU time of threads that have exited, in TSC ticks. */
    uint64_t dead_utime, dead_stime, dead_minflt;
    /* ... and of children it reaped (getrusage RUSAGE_CHILDREN). */
    uint64_t child_utime, child_stime, child_minflt;

    /* The end: a zombie keeps its status until the parent reaps it. */
    int zombie;
    int stopped, stop_sig;   /* SIGSTOP and kin, until SIGCONT */
    int reparented;          /* its parent died: the first process adopted it */
    int report;              /* PROC_REPORT_*: news for the parent's wait */
    struct wait_queue stop_wq; /* its stopped threads sleep here */
    int did_exec;      /* since fork: setpgid by the parent is EACCES */
    int exit_status;   /* as wait4 reports it */
    int exit_signal;   /* sent to the parent at the end (0: none) */
    struct wait_queue children_wq; /* its own wait4 sleeps here */
    struct vfork_done *vfork;      /* vfork: the parent waits for this */

    /* Credentials (syscall/ids.c, caps.c). */
    struct proc_ids {
        int r, e, s, fs; /* real, effective, saved, file system */
    } uid, gid;
    uint32_t groups[PROC_NGROUPS];
    int ngroups;
    uint64_t cap_eff, cap_perm, cap_inh;
    int keepcaps;

    /* What prctl, setrlimit and setpriority set (syscall/proc.c). */
    char comm[16];
    int pdeathsig, no_new_privs, dumpable, subreaper, thp_disable;
    struct linux_rlimit limits[LX_RLIM_NLIMITS];
    int nice;
    uint64_t stack_layout[5]; /* proc_set_stack's, in its order */
    uint64_t start_ns;

    /* Timers that signal it (syscall/itimer.c, ptimer.c). */
    struct ptimer itimers[3];
    struct ptimer **timers; /* PROC_MAX_TIMERS, made by the first */
    int next_timer_id;
};

#define KSTACK_BYTES 16384

/* The first process: pid PROC_PID. */
extern struct process proc_init;

/* The task running on this CPU. */
static inline struct task *task_current(void)
{
    return hal_cpu_task();
}
/* The process of the task running on this CPU. */
static inline struct process *proc_current(void)
{
    return task_current()->proc;
}
/* The task with this tid, or NULL. */
struct task *task_find(int tid);
/* A new task of process p (its first gives p its pid): kernel stack, FPU
 * area (a copy of the caller's when copy_fpu), tid; its registers are
 * uninitialised.  NULL when the thread limit or memory is reached. */
struct task *task_new(struct process *p, int copy_fpu);
/* The first task: tid PROC_PID, registers to enter ring 3 at rip/rsp. */
struct task *task_first(uint64_t rip, uint64_t rsp);
/* The calling thread ends (CLONE_CHILD_CLEARTID, robust futexes); the
 * last thread to end ends the process, with exit status status unless
 * it is already ending with another.  Never returns. */
_Noreturn void task_exit(int status);
/* execve: every other thread ends, as by SIGKILL, and the caller waits
 * for that; then it takes the process's id as its tid, as Linux's
 * de_thread does. */
void task_kill_others(void);
/* Take a task that never ran out of the process again. */
void task_unlink(struct task *t);
/* Free what a dead task holds; called once it is off every CPU. */
void task_free(struct task *t);
/* The most threads the process may have (Linux's threads-max for this
 * much RAM). */
int task_limit(void);

/* Scheduler (kernel/sched.c). */
/* Per CPU state, and the boot CPU's idle task.  Once, at boot. */
void sched_init(unsigned ncpus);
/* Make a new task runnable, on the least busy CPU. */
void sched_add(struct task *t);
/* Run something else: current goes back on the run queue if it is still
 * TASK_RUNNING, else stays off (sleeping, dead). */
void schedule(void);
/* Wake a sleeping task (woken says why). */
void sched_wake(struct task *t, int why);
/* The boot CPU becomes idle, after the first task has been added. */
_Noreturn void sched_idle_loop(void);
/* CPU id has started: tasks may go to it from now on. */
void sched_cpu_up(unsigned id);
/* An application processor joins (after hal_cpu_init). */
_Noreturn void sched_ap_start(unsigned id);
/* Number of CPUs running tasks. */
unsigned sched_ncpus(void);
/* Ask this CPU to reschedule before it returns to ring 3. */
void sched_need_resched(void);
/* Whether it was asked to. */
static inline int sched_resched_due(void)
{
    return hal_resched_due();
}
/* On the way back to ring 3: schedule if it is due. */
static inline void sched_exit(void)
{
    if (sched_resched_due())
        schedule();
}
/* A new task's first moment on its own stack: what a switch does after
 * it, free the task that died on this CPU. */
void sched_first_run(void);
/* The running task set its FS or GS base itself (arch_prctl). */
void sched_bases_changed(void);
/* t may run only on the CPUs of mask (sched_setaffinity). */
void sched_set_affinity(struct task *t, uint64_t mask);
/* The CPUs that run tasks, bit per CPU. */
uint64_t sched_online_mask(void);
/* t's memory is going: no CPU may think its FPU holds t's state. */
void sched_forget(struct task *t);

#endif
