// SPDX-License-Identifier: MIT
/*
 * wait4 and waitid.  PARTIAL: no second process exists yet (fork comes
 * with processes), so a valid call finds no child and returns ECHILD, as
 * Linux does for a process without children; invalid options, id types
 * and pids get Linux's EINVAL or ESRCH first.  wait4 writes nothing;
 * waitid, as Linux, fills the siginfo's fields of a child's event with
 * zeros whatever the result.
 */
#include "kernel/kernel.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define WNOHANG 1
#define WUNTRACED 2 /* wait4; waitid's WSTOPPED */
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define WNOTHREAD 0x20000000
#define WALL 0x40000000
#define WCLONE 0x80000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3

long sys_wait4(int pid, int *status, int options, void *rusage)
{
    (void)status;
    (void)rusage;
    if ((unsigned)options &
        ~(unsigned)(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;
    if (pid == INT32_MIN) /* -INT_MIN is no process group */
        return -ESRCH;
    return -ECHILD;
}

static long check_waitid(int idtype, int id, int options)
{
    if ((unsigned)options & ~(unsigned)(WNOHANG | WNOWAIT | WEXITED |
                                        WUNTRACED | WCONTINUED | WNOTHREAD |
                                        WALL | WCLONE))
        return -EINVAL;
    if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
        return -EINVAL;
    switch (idtype) {
    case P_ALL:
        break;
    case P_PID:
        if (id <= 0)
            return -EINVAL;
        break;
    case P_PGID:
        if (id < 0)
            return -EINVAL;
        break;
    case P_PIDFD:
        /* no pidfd can exist without a child */
        return id < 0 ? -EINVAL : -EBADF;
    default:
        return -EINVAL;
    }
    return -ECHILD;
}

long sys_waitid(int idtype, int id, void *info, int options, void *rusage)
{
    (void)rusage;
    long err = check_waitid(idtype, id, options);
    /* si_signo, si_errno, si_code; then si_pid, si_uid, si_status */
    static const int32_t none[3];
    if (info && (copy_to_user(info, none, sizeof(none)) ||
                 copy_to_user((char *)info + 16, none, sizeof(none))))
        return -EFAULT;
    return err;
}
