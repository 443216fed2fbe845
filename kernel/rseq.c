// SPDX-License-Identifier: MIT
/*
 * Restartable sequences, as Linux 6.1: a thread registers a struct rseq;
 * whenever it is preempted, migrated or interrupted by a signal handler
 * while inside the critical section its rseq_cs describes, it resumes at
 * the section's abort handler instead (after checking the signature word
 * before it), and cpu_id_start/cpu_id always name the CPU it runs on.
 * A bad area or descriptor is SIGSEGV.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/rseq.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscall/linux.h"

struct rseq_cs {
    uint32_t version, flags;
    uint64_t start_ip, post_commit_offset, abort_ip;
};

_Noreturn static void bad(struct task *t, const char *why)
{
    proc_fatal_signal(LX_SIGSEGV, why, t->rseq, hal_regs_ip(t->regs));
}

static void fixup(struct task *t, struct regs *r)
{
    uint64_t at = 0, zero = 0;
    struct rseq_cs cs;
    if (copy_from_user(&at, (const void *)(t->rseq + 8), sizeof(at)))
        bad(t, "bad rseq area");
    if (!at)
        return;
    if (copy_from_user(&cs, (const void *)at, sizeof(cs)) || cs.version ||
        cs.start_ip + cs.post_commit_offset < cs.start_ip ||
        cs.abort_ip - cs.start_ip < cs.post_commit_offset ||
        cs.abort_ip >= MM_USER_TOP)
        bad(t, "bad rseq critical section");
    uint64_t ip = hal_regs_ip(r);
    if (ip - cs.start_ip < cs.post_commit_offset) {
        uint32_t sig;
        if (copy_from_user(&sig, (const void *)(cs.abort_ip - 4), 4) ||
            sig != t->rseq_sig)
            bad(t, "rseq abort handler without the signature");
        hal_regs_set_ip(r, cs.abort_ip);
    }
    if (copy_to_user((void *)(t->rseq + 8), &zero, sizeof(zero)))
        bad(t, "bad rseq area");
}

void rseq_interrupted(struct task *t, struct regs *r)
{
    fixup(t, r);
}

void rseq_return(struct task *t, struct regs *r)
{
    uint32_t cpu[2] = {(uint32_t)t->cpu, (uint32_t)t->cpu};
    fixup(t, r);
    if (copy_to_user((void *)t->rseq, cpu, sizeof(cpu)))
        bad(t, "bad rseq area");
    t->rseq_dirty = 0;
}
