/* SPDX-License-Identifier: MIT */
/* What the --syscall-report case of tests/runner looks for: calls that
 * succeed (sched_yield), fail with an errno (sched_getaffinity with a
 * size too small: EINVAL), are never implemented (tuxcall: ENOSYS) and
 * are a stub here (flock).  Run natively too, like every program. */
#include "t.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>

int main(void)
{
    cpu_set_t set;
    T("sched_yield", sched_yield());
    T("sched_getaffinity size 1", syscall(SYS_sched_getaffinity, 0, 1, &set));
    T("tuxcall", syscall(184));
    int fd = open("/tmp/report-flock", O_RDWR | O_CREAT | O_TRUNC, 0600);
    TOK("open", fd);
    T("flock LOCK_EX", flock(fd, LOCK_EX));
    T("flock LOCK_UN", flock(fd, LOCK_UN));
    T("unlink", unlink("/tmp/report-flock"));
    return 0;
}
