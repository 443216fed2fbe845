// SPDX-License-Identifier: MIT
/* rseq(2): register or unregister the calling thread's restartable
 * sequence area (Linux 6.1's ABI: a 32-byte struct rseq); kernel/rseq.c
 * keeps it current. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define RSEQ_LEN 32
#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_CPU_ID_UNINITIALIZED ((uint32_t)-1)

/* Write cpu_id_start and cpu_id. */
static int set_cpu(uint64_t at, uint32_t start, uint32_t id)
{
    uint32_t v[2] = {start, id};
    return (int)copy_to_user((void *)at, v, sizeof(v));
}

long sys_rseq(uint64_t rseq, uint32_t len, int flags, uint32_t sig)
{
    struct task *t = task_current();
    if (flags & RSEQ_FLAG_UNREGISTER) {
        if (flags & ~RSEQ_FLAG_UNREGISTER)
            return -EINVAL;
        if (!t->rseq || t->rseq != rseq || len != RSEQ_LEN)
            return -EINVAL;
        if (sig != t->rseq_sig)
            return -EPERM;
        if (set_cpu(t->rseq, 0, RSEQ_CPU_ID_UNINITIALIZED))
            return -EFAULT;
        t->rseq = 0;
        return 0;
    }
    if (flags)
        return -EINVAL;
    if (t->rseq) {
        if (t->rseq != rseq || len != RSEQ_LEN)
            return -EINVAL;
        return sig == t->rseq_sig ? -EBUSY : -EPERM;
    }
    if ((rseq & (RSEQ_LEN - 1)) || len != RSEQ_LEN)
        return -EINVAL;
    if (rseq >= MM_USER_TOP || RSEQ_LEN > MM_USER_TOP - rseq)
        return -EFAULT;
    t->rseq = rseq;
    t->rseq_sig = sig;
    t->rseq_dirty = 1; /* filled in on the way back, as Linux does */
    return 0;
}
