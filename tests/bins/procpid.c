/* SPDX-License-Identifier: MIT */
/*
 * /proc/self and /proc/PID: stat, statm, status, comm, cmdline and
 * environ agree with what the syscalls say (pid, parent, group, session,
 * threads, nice, uid, the signal mask and dispositions) and with argv and
 * the environment.  Prints facts, never the values that differ between
 * runs (nor the resident size: Linux counts it lazily, 0 for a small
 * program).
 */
#include "t.h"
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

extern char **environ;

static size_t slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = 0;
    return n;
}

/* Field k (1-based) of /proc/self/stat, after the comm in parentheses. */
static long long stat_field(const char *stat, int k)
{
    const char *p = strrchr(stat, ')');
    if (!p)
        return -1;
    p += 2; /* field 3, the state */
    for (int i = 3; i < k; i++) {
        if (!(p = strchr(p, ' ')))
            return -1;
        p++;
    }
    return strtoll(p, NULL, 10);
}

static long status_num(const char *status, const char *key)
{
    const char *p = strstr(status, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static unsigned long long status_hex(const char *status, const char *key)
{
    const char *p = strstr(status, key);
    return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

/* The strings of v, each with its NUL, as cmdline and environ hold them. */
static int same_strings(const char *buf, size_t n, char *const *v)
{
    size_t off = 0;
    for (; *v; v++) {
        size_t l = strlen(*v) + 1;
        if (off + l > n || memcmp(buf + off, *v, l))
            return 0;
        off += l;
    }
    return off == n;
}

static void *idle(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void on_hup(int sig)
{
    (void)sig;
}

int main(int argc, char **argv)
{
    (void)argc;
    static char buf[65536], path[64];
    char comm[17] = {0};
    prctl(PR_GET_NAME, comm);
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGHUP, on_hup);
    setpriority(PRIO_PROCESS, 0, 3);

    slurp("/proc/self/stat", buf, sizeof buf);
    char name[32] = {0};
    const char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (open && close && close > open && close - open < 32)
        memcpy(name, open + 1, (size_t)(close - open - 1));
    FACT("stat: pid", atoll(buf) == getpid());
    FACT("stat: comm", !strcmp(name, comm));
    FACT("stat: state R", close && close[2] == 'R');
    FACT("stat: ppid", stat_field(buf, 4) == getppid());
    FACT("stat: pgrp", stat_field(buf, 5) == getpgrp());
    FACT("stat: session", stat_field(buf, 6) == getsid(0));
    FACT("stat: nice", stat_field(buf, 19) == 3);
    FACT("stat: priority", stat_field(buf, 18) == 23);
    FACT("stat: 2 threads", stat_field(buf, 20) == 2);
    FACT("stat: vsize", stat_field(buf, 23) > 0);
    FACT("stat: argv bounds", stat_field(buf, 48) < stat_field(buf, 49));
    FACT("stat: environ bounds", stat_field(buf, 50) <= stat_field(buf, 51));

    snprintf(path, sizeof path, "/proc/%d/status", (int)getpid());
    slurp(path, buf, sizeof buf);
    FACT("status: Name", !strncmp(strstr(buf, "Name:\t") ? strstr(buf, "Name:\t") + 6 : "", comm, strlen(comm)));
    FACT("status: Pid", status_num(buf, "\nPid:\t") == getpid());
    FACT("status: PPid", status_num(buf, "PPid:\t") == getppid());
    FACT("status: Uid", status_num(buf, "Uid:\t") == (long)getuid());
    FACT("status: Threads", status_num(buf, "Threads:\t") == 2);
    FACT("status: SigBlk has SIGUSR1",
         (status_hex(buf, "SigBlk:\t") >> (SIGUSR1 - 1)) & 1);
    FACT("status: SigIgn has SIGUSR2",
         (status_hex(buf, "SigIgn:\t") >> (SIGUSR2 - 1)) & 1);
    FACT("status: SigCgt has SIGHUP",
         (status_hex(buf, "SigCgt:\t") >> (SIGHUP - 1)) & 1);
    FACT("status: VmSize", status_num(buf, "VmSize:\t") > 0);

    slurp("/proc/self/statm", buf, sizeof buf);
    FACT("statm: size", atol(buf) > 0);
    slurp("/proc/self/comm", buf, sizeof buf);
    FACT("comm", !strncmp(buf, comm, strlen(comm)) && buf[strlen(comm)] == '\n');
    size_t n = slurp("/proc/self/cmdline", buf, sizeof buf);
    FACT("cmdline is argv", same_strings(buf, n, argv));
    n = slurp("/proc/self/environ", buf, sizeof buf);
    FACT("environ is the first environment", same_strings(buf, n, environ));
    return 0;
}
