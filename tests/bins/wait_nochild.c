/* SPDX-License-Identifier: MIT */
/* wait4, waitpid and waitid in a process without children: ECHILD, and
 * Linux's EINVAL, ESRCH and EBADF for bad options, ids and pids first.
 * wait4 leaves the status alone; waitid zeroes the siginfo's fields of a
 * child event, even when it fails, and nothing else. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%s: %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(void)
{
    int st = 12345;
    show("waitpid(-1)", waitpid(-1, &st, 0));
    show("waitpid WNOHANG", waitpid(-1, &st, WNOHANG));
    show("waitpid(pid 1)", waitpid(1, &st, 0));
    show("waitpid(group 0)", waitpid(0, &st, __WALL));
    show("wait4 bad options", syscall(SYS_wait4, -1, &st, 0x100, NULL));
    show("wait4 INT_MIN", syscall(SYS_wait4, INT_MIN, &st, 0, NULL));
    show("wait4 bad status pointer", syscall(SYS_wait4, -1, (void *)8, 0, NULL));
    printf("status untouched: %d\n", st == 12345);
    siginfo_t si;
    memset(&si, 0x5a, sizeof si);
    show("waitid P_ALL", waitid(P_ALL, 0, &si, WEXITED));
    show("waitid WNOHANG", waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
    show("waitid no event", waitid(P_ALL, 0, &si, WNOHANG));
    show("waitid bad option", syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | 0x100, NULL));
    show("waitid P_PID 0", waitid(P_PID, 0, &si, WEXITED));
    show("waitid P_PID 1", waitid(P_PID, 1, &si, WEXITED));
    show("waitid P_PGID -1", syscall(SYS_waitid, P_PGID, -1, &si, WEXITED, NULL));
    show("waitid P_PGID 0", waitid(P_PGID, 0, &si, WEXITED));
    show("waitid P_PIDFD -1", syscall(SYS_waitid, 3, -1, &si, WEXITED, NULL));
    show("waitid P_PIDFD stdin", syscall(SYS_waitid, 3, 0, &si, WEXITED, NULL));
    show("waitid bad idtype", syscall(SYS_waitid, 7, 0, &si, WEXITED, NULL));
    printf("siginfo: signo %d errno %d code %d pid %d uid %d status %d\n",
           si.si_signo, si.si_errno, si.si_code, si.si_pid, si.si_uid,
           si.si_status);
    unsigned char *p = (unsigned char *)&si;
    printf("padding and utime untouched: %d %d\n", p[12] == 0x5a,
           p[32] == 0x5a);
    show("waitid bad siginfo pointer",
         syscall(SYS_waitid, P_ALL, 0, (void *)8, WEXITED, NULL));
    return 0;
}
