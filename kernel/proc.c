// SPDX-License-Identifier: MIT
/* The end of the program: exit status, or death by signal. */
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "syscall/syscall.h"

static const char *const names[] = {
    [1] = "SIGHUP",   [2] = "SIGINT",   [3] = "SIGQUIT",  [4] = "SIGILL",
    [5] = "SIGTRAP",  [6] = "SIGABRT",  [7] = "SIGBUS",   [8] = "SIGFPE",
    [9] = "SIGKILL",  [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2",
    [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM", [16] = "SIGSTKFLT",
    [17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
    [21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG",  [24] = "SIGXCPU",
    [25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH",
    [29] = "SIGIO",   [30] = "SIGPWR",  [31] = "SIGSYS",
};

const char *proc_signame(int sig)
{
    if (sig > 0 && sig < (int)NELEM(names) && names[sig])
        return names[sig];
    return sig >= 32 && sig <= 64 ? "SIGRT" : "signal";
}

_Noreturn void proc_exit(int status, int kind)
{
    syscall_at_exit();
    console_exit(status & 0xff, kind);
}

_Noreturn void proc_fatal_signal(int sig, const char *what, uint64_t addr,
                                 uint64_t rip)
{
    struct process *p = proc_current();
    if (p != &proc_init) {
        /* A child's death is its parent's to report, as a shell does;
         * only a fault gets a line, as Linux logs segfaults. */
        if (what)
            klog("process %d killed by %s: %s at address %#lx, rip %#lx",
                 p->pid, proc_signame(sig), what, addr, rip);
        proc_die(sig);
    }
    if (what)
        klog("program killed by %s: %s at address %#lx, rip %#lx",
             proc_signame(sig), what, addr, rip);
    else
        klog("program killed by %s", proc_signame(sig));
    proc_exit(128 + sig, UK_EXIT_SIGNAL);
}
