/* SPDX-License-Identifier: MIT */
/* Process and user identity: relations that hold whoever runs the test
 * (values themselves differ between a root and a user run). */
#include "t.h"
#include <signal.h>
#include <sys/types.h>

int main(void)
{
    pid_t pid = getpid();
    long tid = syscall(SYS_gettid);
    FACT("getpid > 0", pid > 0);
    FACT("gettid == getpid", tid == pid);
    FACT("raw getpid == getpid", syscall(SYS_getpid) == pid);
    FACT("getppid >= 0", getppid() >= 0);
    FACT("getppid != getpid", getppid() != pid);
    FACT("getpid is not 1 (not init)", pid != 1);
    FACT("getppid is not 1", getppid() != 1);
    FACT("getuid == geteuid", getuid() == geteuid());
    FACT("getgid == getegid", getgid() == getegid());
    uid_t r, e, s;
    gid_t gr, ge, gs;
    T("getresuid", getresuid(&r, &e, &s));
    FACT("resuid all equal getuid", r == getuid() && e == r && s == r);
    T("getresgid", getresgid(&gr, &ge, &gs));
    FACT("resgid all equal getgid", gr == getgid() && ge == gr && gs == gr);
    int n = getgroups(0, NULL);
    FACT("getgroups count >= 0", n >= 0);
    gid_t g[256];
    FACT("getgroups fills same count", getgroups(256, g) == n);
    FACT("getpgrp >= 0", getpgrp() >= 0);
    FACT("getsid >= 0", getsid(0) >= 0);
    FACT("getpgid(0) == getpgrp", getpgid(0) == getpgrp());
    T("getpgid of missing pid", getpgid(0x3ffffff));
    T("setuid to self", setuid(getuid()));
    T("setgid to self", setgid(getgid()));
    T("setresuid -1s", setresuid(-1, -1, -1));
    T("kill self 0", kill(pid, 0));
    T("kill missing pid", kill(0x3ffffff, 0));
    T("kill bad signal", kill(pid, 1000));
    return 0;
}
