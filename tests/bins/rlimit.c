/* SPDX-License-Identifier: MIT */
/* getrlimit/setrlimit/prlimit: round trips, and RLIMIT_NOFILE enforced
 * by open (fds 0-2 are the only ones open at start). */
#include "t.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    struct rlimit r, o;
    T("getrlimit STACK", getrlimit(RLIMIT_STACK, &r));
    FACT("stack cur > 0", r.rlim_cur > 0);
    FACT("stack cur <= max", r.rlim_cur <= r.rlim_max);
    T("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &r));
    FACT("nofile cur >= 64", r.rlim_cur >= 64);
    T("prlimit NOFILE get", prlimit(0, RLIMIT_NOFILE, NULL, &o));
    FACT("prlimit agrees", o.rlim_cur == r.rlim_cur && o.rlim_max == r.rlim_max);
    struct rlimit n = { 8, r.rlim_max };
    T("prlimit set NOFILE 8", prlimit(0, RLIMIT_NOFILE, &n, &o));
    T("getrlimit NOFILE cur", (getrlimit(RLIMIT_NOFILE, &r), (long)r.rlim_cur));
    int opened = 0, fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0)
        opened++;
    printf("opened %d more, then %s\n", opened, t_errname(errno));
    T("dup2 beyond limit", dup2(0, 8));
    T("F_DUPFD beyond limit", fcntl(0, F_DUPFD, 9));
    n.rlim_cur = n.rlim_max + (n.rlim_max != RLIM_INFINITY);
    if (n.rlim_max != RLIM_INFINITY)
        T("cur > max", setrlimit(RLIMIT_NOFILE, &n));
    else
        printf("cur > max = -1 EINVAL(22)\n");
    T("bad resource", getrlimit(99, &r));
    T("prlimit missing pid", prlimit(0x3ffffff, RLIMIT_NOFILE, NULL, &o));
    FACT("RLIMIT_AS get", getrlimit(RLIMIT_AS, &r) == 0);
    FACT("RLIMIT_DATA get", getrlimit(RLIMIT_DATA, &r) == 0);
    FACT("RLIMIT_CORE get", getrlimit(RLIMIT_CORE, &r) == 0);
    FACT("RLIMIT_CPU get", getrlimit(RLIMIT_CPU, &r) == 0);
    r.rlim_cur = r.rlim_max = 1 << 20;
    T("set STACK 1 MiB", setrlimit(RLIMIT_STACK, &r));
    T("get STACK", (getrlimit(RLIMIT_STACK, &o), (long)o.rlim_cur));
    /* the libcs reach setrlimit through prlimit64: call it raw too */
    r.rlim_cur = r.rlim_max = 512 << 10; /* lowering needs no privilege */
    T("raw setrlimit STACK 512 KiB", syscall(SYS_setrlimit, RLIMIT_STACK, &r));
    T("get STACK", (getrlimit(RLIMIT_STACK, &o), (long)o.rlim_cur));
    r.rlim_cur = 2, r.rlim_max = 1;
    T("raw setrlimit cur > max", syscall(SYS_setrlimit, RLIMIT_STACK, &r));
    return 0;
}
