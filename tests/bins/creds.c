/* SPDX-License-Identifier: MIT */
/*
 * Changing credentials from root, as a daemon dropping its privileges
 * does (tests/bins/creds.root: natively this needs root, as the guest's
 * program is).  Each scenario runs in a child of its own, since the
 * changes cannot be undone:
 *  - setresuid and the saved set-user-ID: back to root through it;
 *  - setuid as root sets all three ids, and then there is no way back;
 *  - setreuid's rule for the saved id, and swapping real and effective;
 *  - setfsuid's return of the previous fsuid, which follows the euid;
 *  - setgroups, and EPERM once not root;
 *  - the same for the group ids;
 *  - the capabilities of an unprivileged uid (none).
 */
#define _GNU_SOURCE
#include "t.h"
#include <stdint.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/wait.h>

/* capget(2)'s header and data (musl has no <linux/capability.h>). */
struct cap_header {
    uint32_t version;
    int pid;
};
struct cap_data {
    uint32_t effective, permitted, inheritable;
};
#define CAP_V3 0x20080522

static void ids(const char *label)
{
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    printf("  %s: uid %d %d %d, gid %d %d %d\n", label, (int)r, (int)e,
           (int)s, (int)gr, (int)ge, (int)gs);
}

static void in_child(const char *title, void (*fn)(void))
{
    printf("%s\n", title);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st))
        printf("  child status %#x\n", st);
}

static void saved(void)
{
    T("  setresuid(1000, 1001, 0)", setresuid(1000, 1001, 0));
    ids("now");
    T("  seteuid(0) through the saved id", seteuid(0));
    ids("now");
    T("  setresuid(-1, 2000, -1) as euid 0", setresuid(-1, 2000, -1));
    ids("now");
    T("  setresuid(2001, -1, -1) as euid 2000", setresuid(2001, -1, -1));
}

static void no_way_back(void)
{
    T("  setuid(1000)", setuid(1000));
    ids("now");
    T("  setuid(0)", setuid(0));
    T("  seteuid(0)", seteuid(0));
    T("  setresuid(-1, -1, 0)", setresuid(-1, -1, 0));
    T("  setuid(1000) again", setuid(1000));
    struct cap_header h = {CAP_V3, 0};
    struct cap_data d[2];
    T("  capget", syscall(SYS_capget, &h, d));
    printf("  effective %#x %#x, permitted %#x %#x\n", d[0].effective,
           d[1].effective, d[0].permitted, d[1].permitted);
    h.version = 0;
    T("  capget of version 0", syscall(SYS_capget, &h, d));
    printf("  version given back %#x\n", h.version);
}

static void reuid(void)
{
    T("  setreuid(1000, 1001)", setreuid(1000, 1001));
    ids("now");
    T("  setreuid(1001, 1000): swap", setreuid(1001, 1000));
    ids("now");
    T("  setreuid(-1, 1001)", setreuid(-1, 1001));
    ids("now");
    T("  setreuid(5, -1)", setreuid(5, -1));
}

static void fsuid(void)
{
    T("  setfsuid(1234) gives the old one", setfsuid(1234));
    T("  setfsuid(-1) gives the current", setfsuid(-1));
    T("  seteuid(77)", seteuid(77));
    T("  setfsuid(-1) follows the euid", setfsuid(-1));
    T("  setfsuid(0): the real uid, so allowed", setfsuid(0));
    T("  setfsuid(-1)", setfsuid(-1));
    T("  setfsuid(5): none of the ids", setfsuid(5));
    T("  setfsuid(-1) unchanged", setfsuid(-1));
}

static void groups(void)
{
    gid_t g[4] = {5, 6, 7};
    T("  setgroups(3)", setgroups(3, g));
    int n = getgroups(4, g);
    printf("  getgroups = %d: %d %d %d\n", n, (int)g[0], (int)g[1], (int)g[2]);
    T("  getgroups(1): too small", getgroups(1, g));
    T("  getgroups(0): the count", getgroups(0, g));
    T("  setgroups(0)", setgroups(0, NULL));
    T("  getgroups(0)", getgroups(0, g));
    T("  setgid(100)", setgid(100));
    T("  setresgid(200, 300, 400)", setresgid(200, 300, 400));
    ids("now");
    T("  setregid(300, 200)", setregid(300, 200));
    ids("now");
    T("  setuid(1000)", setuid(1000));
    T("  setgroups as uid 1000", setgroups(1, g));
    T("  setgid(400): no longer the saved gid", setgid(400));
    T("  setgid(200): the saved gid", setgid(200));
    ids("now");
    T("  setgid(0)", setgid(0));
}

int main(void)
{
    ids("start");
    in_child("setresuid and the saved set-user-ID", saved);
    in_child("setuid as root: no way back", no_way_back);
    in_child("setreuid", reuid);
    in_child("setfsuid", fsuid);
    in_child("supplementary and group ids", groups);
    return 0;
}
