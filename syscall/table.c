// SPDX-License-Identifier: MIT
/* Dispatch, generated from syscalls.def: each implemented, partial or stub
 * line calls sys_<name>; everything else returns -ENOSYS and is reported
 * once. */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/entry.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "syscall/syscall.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);

#define DECL_IMPL(name) long sys_##name(long, long, long, long, long, long);
#define DECL_PARTIAL DECL_IMPL
#define DECL_STUB DECL_IMPL
#define DECL_MISSING(name)
#define SC(nr, name, mod, status, args) DECL_##status(name)
#include "syscall/syscalls.def"
#undef SC

#define FN_IMPL(name) sys_##name
#define FN_PARTIAL FN_IMPL
#define FN_STUB FN_IMPL
#define FN_MISSING(name) 0
static const syscall_fn table[] = {
#define SC(nr, name, mod, status, args) [nr] = FN_##status(name),
#include "syscall/syscalls.def"
#undef SC
};

static const char *const names[] = {
#define SC(nr, name, mod, status, args) [nr] = #name,
#include "syscall/syscalls.def"
#undef SC
};

static const char *const arg_types[] = {
#define SC(nr, name, mod, status, args) [nr] = args,
#include "syscall/syscalls.def"
#undef SC
};

static const char *const statuses[] = {
#define SC(nr, name, mod, status, args) [nr] = #status,
#include "syscall/syscalls.def"
#undef SC
};

static int tracing, reporting, observing; /* observing: either of them */
static uint8_t reported[(NELEM(names) + 7) / 8];

const char *syscall_name(uint64_t nr)
{
    return nr < NELEM(names) ? names[nr] : NULL;
}

const char *syscall_args(uint64_t nr)
{
    return nr < NELEM(arg_types) && arg_types[nr] ? arg_types[nr] : "xxxxxx";
}

const char *syscall_status(uint64_t nr)
{
    const char *s = nr < NELEM(statuses) ? statuses[nr] : NULL;
    if (!s || !strcmp(s, "MISSING"))
        return "missing";
    return !strcmp(s, "IMPL") ? "implemented"
           : !strcmp(s, "PARTIAL") ? "partial"
                                   : "stub";
}

/* The calls that take the entry's short path (hal_fast_syscalls): each
 * returns one word of the caller's task or process and touches nothing
 * else.  Their few nanoseconds count as user time.  --trace and
 * --syscall-report see every call, so they turn the path off. */
static const int fast_calls[] = {39 /* getpid */,   102 /* getuid */,
                                 104 /* getgid */,  107 /* geteuid */,
                                 108 /* getegid */, 110 /* getppid */,
                                 111 /* getpgrp */, 186 /* gettid */};

void syscall_init(int trace, int report)
{
    tracing = trace;
    reporting = report;
    observing = trace || report;
    for (size_t i = 0; i < NELEM(fast_calls) && !observing; i++)
        hal_fast_syscalls[fast_calls[i]] = table[fast_calls[i]];
}

/* The end of the program, however it comes. */
void syscall_at_exit(void)
{
    if (reporting) {
        reporting = 0;
        observing = tracing;
        report_write();
    }
}

static long enosys(uint64_t nr)
{
    const char *name = syscall_name(nr);
    if (nr >= NELEM(names)) {
        static int big_reported;
        if (!big_reported++)
            klog("unknown syscall number %lu: returning ENOSYS", nr);
    } else if (!(reported[nr / 8] & (1 << (nr % 8)))) {
        reported[nr / 8] |= (uint8_t)(1 << (nr % 8));
        klog("syscall %s (%lu) is not implemented: returning ENOSYS",
             name ? name : "?", nr);
    }
    return -ENOSYS;
}

static inline __attribute__((always_inline)) long call(const struct regs *r,
                                                    uint64_t nr)
{
    syscall_fn fn = nr < NELEM(table) ? table[nr] : 0;
    if (!fn)
        return enosys(nr);
    return fn((long)r->rdi, (long)r->rsi, (long)r->rdx, (long)r->r10,
              (long)r->r8, (long)r->r9);
}

/* The call under --trace or --syscall-report. */
static __attribute__((noinline)) long call_observed(struct regs *r,
                                                    uint64_t nr)
{
    if (nr == 60 || nr == 231) { /* exit and exit_group do not return */
        if (tracing)
            trace_syscall(r, 0, 0);
        if (reporting)
            report_count(nr, 0, 0);
    }
    uint64_t t0 = reporting ? hal_rdtsc() : 0;
    long ret = call(r, nr);
    if (tracing)
        trace_syscall(r, ret, 1);
    if (reporting)
        report_count(nr, ret, hal_rdtsc() - t0);
    return ret;
}

/* Run the call r describes; the result goes in r. */
static inline __attribute__((always_inline)) void dispatch(struct regs *r)
{
    /* Like Linux, the number is an int: the upper half of rax is ignored
     * and a negative number is out of range. */
    uint64_t nr = (uint32_t)r->rax;
    r->vector = nr;
    long ret = observing ? call_observed(r, nr) : call(r, nr);
    r->rax = (uint64_t)ret;
    /* A call a signal interrupted: kernel_leave restarts it or makes it
     * EINTR, by the handler's SA_RESTART. */
    if ((unsigned long)(-ret - ERESTARTSYS) <=
        ERESTART_RESTARTBLOCK - ERESTARTSYS)
        task_current()->in_syscall = 1;
}

void syscall_dispatch(struct regs *r)
{
    dispatch(r);
}

/* The whole crossing of a syscall in one function: the most frequent one. */
void kernel_syscall(struct regs *r)
{
    kernel_enter();
    dispatch(r);
    kernel_leave(r);
}
