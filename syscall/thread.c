// SPDX-License-Identifier: MIT
/*
 * futex for a single thread (PARTIAL): WAKE has nobody to wake, WAIT
 * checks the value and sleeps out its timeout.  A WAIT that nobody could
 * ever end is a deadlock, reported as such.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "syscall/linux.h"

#define NS 1000000000ULL

long sys_futex(uint32_t *uaddr, int op, uint32_t val,
               const struct linux_timespec *timeout, uint32_t *uaddr2,
               uint32_t val3)
{
    int cmd = op & ~(LX_FUTEX_PRIVATE_FLAG | LX_FUTEX_CLOCK_REALTIME);
    uint32_t cur;
    struct linux_timespec ts;
    (void)uaddr2;

    if ((uint64_t)uaddr & 3)
        return -EINVAL;
    switch (cmd) {
    case LX_FUTEX_WAKE:
    case LX_FUTEX_WAKE_BITSET:
        if (cmd == LX_FUTEX_WAKE_BITSET && !val3)
            return -EINVAL;
        return 0;
    case LX_FUTEX_WAIT:
    case LX_FUTEX_WAIT_BITSET:
        if (cmd == LX_FUTEX_WAIT_BITSET && !val3)
            return -EINVAL;
        if (timeout && copy_from_user(&ts, timeout, sizeof(ts)))
            return -EFAULT;
        if (timeout &&
            (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NS))
            return -EINVAL;
        if (copy_from_user(&cur, uaddr, sizeof(cur)))
            return -EFAULT;
        if (cur != val)
            return -EAGAIN;
        if (!timeout) {
            klog("futex wait that no other thread can end: deadlock");
            proc_fatal_signal(LX_SIGKILL, NULL, 0, 0);
        }
        uint64_t ns = (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
        uint64_t now = time_monotonic_ns();
        if (cmd == LX_FUTEX_WAIT_BITSET) { /* absolute */
            uint64_t base = (op & LX_FUTEX_CLOCK_REALTIME)
                                ? time_realtime_ns()
                                : now;
            ns = ns > base ? ns - base : 0;
        }
        time_sleep_until(now + ns);
        return -ETIMEDOUT;
    default:
        return -ENOSYS;
    }
}
