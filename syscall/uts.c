// SPDX-License-Identifier: MIT
/* The system's names: uname, sethostname, setdomainname. */
#include "kernel/kernel.h"
#include "syscall/linux.h"

#define UTS_LEN 64

static struct linux_utsname uts = {
    .sysname = "Linux",
    .nodename = "uk",
    .release = "6.1.0-uk",
    .version = "#1 SMP PREEMPT_DYNAMIC uk",
    .machine = "x86_64",
    .domainname = "(none)",
};

long sys_uname(struct linux_utsname *u)
{
    return copy_to_user(u, &uts, sizeof(uts));
}

static long set_name(char *field, const char *u, int len)
{
    char buf[UTS_LEN + 1];
    if (len < 0 || len > UTS_LEN)
        return -EINVAL;
    if (copy_from_user(buf, u, (size_t)len))
        return -EFAULT;
    memcpy(field, buf, (size_t)len);
    memset(field + len, 0, UTS_LEN + 1 - (size_t)len);
    return 0;
}

/* The program runs as root, which may rename the system. */
long sys_sethostname(const char *name, int len)
{
    return set_name(uts.nodename, name, len);
}

long sys_setdomainname(const char *name, int len)
{
    return set_name(uts.domainname, name, len);
}
