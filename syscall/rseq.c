// SPDX-License-Identifier: MIT
/*
 * Restartable sequences (Linux 6.1's ABI: a 32-byte struct rseq).  The
 * kernel keeps cpu_id_start and cpu_id current in the registered area.
 * A critical section would need restarting only when the thread is
 * preempted or interrupted by a signal handler, neither of which happens
 * yet, so registration is all there is to do today.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define RSEQ_LEN 32
#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_CPU_ID_UNINITIALIZED ((uint32_t)-1)

static uint64_t area;
static uint32_t area_sig;

/* Write cpu_id_start and cpu_id. */
static int set_cpu(uint64_t at, uint32_t start, uint32_t id)
{
    uint32_t v[2] = {start, id};
    return (int)copy_to_user((void *)at, v, sizeof(v));
}

long sys_rseq(uint64_t rseq, uint32_t len, int flags, uint32_t sig)
{
    if (flags & RSEQ_FLAG_UNREGISTER) {
        if (flags & ~RSEQ_FLAG_UNREGISTER)
            return -EINVAL;
        if (!area || area != rseq || len != RSEQ_LEN)
            return -EINVAL;
        if (sig != area_sig)
            return -EPERM;
        if (set_cpu(area, 0, RSEQ_CPU_ID_UNINITIALIZED))
            return -EFAULT;
        area = 0;
        return 0;
    }
    if (flags)
        return -EINVAL;
    if (area) {
        if (area != rseq || len != RSEQ_LEN)
            return -EINVAL;
        return sig == area_sig ? -EBUSY : -EPERM;
    }
    if ((rseq & (RSEQ_LEN - 1)) || len != RSEQ_LEN)
        return -EINVAL;
    if (rseq >= MM_USER_TOP || RSEQ_LEN > MM_USER_TOP - rseq)
        return -EFAULT;
    area = rseq;
    area_sig = sig;
    /* Linux fills the fields on the way back to user mode, and a fault
     * there is SIGSEGV. */
    if (set_cpu(area, 0, 0))
        proc_fatal_signal(LX_SIGSEGV, "bad rseq area", rseq, 0);
    return 0;
}
