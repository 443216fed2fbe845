// SPDX-License-Identifier: MIT
/*
 * wait4 and waitid (kernel/process.c's proc_wait): exits, deaths by
 * signal, stops (WUNTRACED, WSTOPPED) and continues (WCONTINUED) of the
 * caller's children, with WNOHANG, WNOWAIT, __WALL and __WCLONE.  PARTIAL:
 * pidfds do not exist, so P_PIDFD is EBADF.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "kernel/time.h"
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

struct linux_rusage_times {
    struct linux_timeval ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, rest[9];
};

static struct linux_timeval tv(uint64_t tsc)
{
    uint64_t ns = time_tsc_to_ns(tsc);
    return (struct linux_timeval){(int64_t)(ns / 1000000000),
                                  (int64_t)(ns % 1000000000 / 1000)};
}

static int put_rusage(void *u, const struct proc_waited *w)
{
    struct linux_rusage_times r = {.ru_utime = tv(w->utime),
                                   .ru_stime = tv(w->stime),
                                   .ru_minflt = (int64_t)w->minflt};
    return u ? copy_to_user(u, &r, sizeof(r)) : 0;
}

long sys_wait4(int pid, int *status, int options, void *rusage)
{
    if ((unsigned)options &
        ~(unsigned)(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;
    if (pid == INT32_MIN) /* -INT_MIN is no process group */
        return -ESRCH;
    int idtype = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
    int id = pid < -1 ? -pid : pid == 0 ? proc_current()->pgid : pid;
    struct proc_waited w;
    int r = proc_wait(idtype, id, options | WEXITED, &w);
    if (r <= 0)
        return r;
    if ((status && copy_to_user(status, &w.status, sizeof(int))) ||
        put_rusage(rusage, &w))
        return -EFAULT;
    return w.pid;
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
        /* no pidfd can exist: pidfd_open is not there */
        return id < 0 ? -EINVAL : -EBADF;
    default:
        return -EINVAL;
    }
    return 0;
}

long sys_waitid(int idtype, int id, void *info, int options, void *rusage)
{
    long err = check_waitid(idtype, id, options);
    struct proc_waited w = {0};
    if (!err) {
        if (idtype == P_PGID && id == 0)
            id = proc_current()->pgid;
        err = proc_wait(idtype, id, options, &w);
    }
    /* si_signo, si_errno, si_code, then si_pid, si_uid, si_status: all
     * zero when no child is reported, as on Linux. */
    int32_t head[3] = {0}, body[3] = {0};
    if (err == 1) {
        head[0] = LX_SIGCHLD;
        head[2] = w.code;
        body[0] = w.pid;
        body[1] = w.uid;
        body[2] = w.si_status;
    }
    if (info && (copy_to_user(info, head, sizeof(head)) ||
                 copy_to_user((char *)info + 16, body, sizeof(body))))
        return -EFAULT;
    if (err == 1 && put_rusage(rusage, &w))
        return -EFAULT;
    return err < 0 ? err : 0;
}
