/* SPDX-License-Identifier: MIT */
/* uname and sysinfo: the fields a program may rely on. */
#include "t.h"
#include <sys/sysinfo.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    T("uname", uname(&u));
    printf("sysname %s\n", u.sysname);
    printf("machine %s\n", u.machine);
    FACT("release nonempty", u.release[0] != 0);
    int maj = 0, min = 0;
    FACT("release looks like N.N", sscanf(u.release, "%d.%d", &maj, &min) == 2);
    FACT("release >= 4.0", maj >= 4);
    FACT("nodename nonempty", u.nodename[0] != 0);
    FACT("version nonempty", u.version[0] != 0);
    struct sysinfo si;
    T("sysinfo", sysinfo(&si));
    FACT("totalram > 0", si.totalram > 0);
    FACT("mem_unit >= 1", si.mem_unit >= 1);
    FACT("freeram <= totalram", si.freeram <= si.totalram);
    FACT("procs >= 1", si.procs >= 1);
    FACT("uptime >= 0", si.uptime >= 0);
    FACT("totalram >= 4 MiB", (unsigned long long)si.totalram * si.mem_unit >= 4u << 20);
    long ps = sysconf(_SC_PAGESIZE);
    printf("pagesize %ld\n", ps);
    FACT("nprocessors >= 1", sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    FACT("phys pages > 0", sysconf(_SC_PHYS_PAGES) > 0);
    T("sysinfo NULL", syscall(SYS_sysinfo, NULL));
    T("uname NULL", syscall(SYS_uname, NULL));
    return 0;
}
