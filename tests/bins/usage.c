/* SPDX-License-Identifier: MIT */
/* getrusage, times and the CPU-time clocks report real CPU time: they
 * grow while the program computes and not while it sleeps; getpriority
 * and setpriority keep the nice value. */
#include "t.h"
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/times.h>
#include <time.h>

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv(struct timeval t)
{
    return t.tv_sec + t.tv_usec / 1e6;
}

static volatile unsigned long sink;

/* Compute for ms of CPU time (so that a busy host does not matter),
 * looking at the clock rarely: it may be a syscall. */
static void burn(int ms)
{
    double end = now(CLOCK_PROCESS_CPUTIME_ID) + ms / 1e3;
    while (now(CLOCK_PROCESS_CPUTIME_ID) < end)
        for (int i = 0; i < 10000000; i++)
            sink += i;
}

int main(void)
{
    struct rusage r0, r1;
    struct tms t0, t1;
    T("getrusage", getrusage(RUSAGE_SELF, &r0));
    clock_t c0 = times(&t0);
    double cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
    double th0 = now(CLOCK_THREAD_CPUTIME_ID);
    burn(300);
    T("getrusage", getrusage(RUSAGE_SELF, &r1));
    clock_t c1 = times(&t1);
    double cpu1 = now(CLOCK_PROCESS_CPUTIME_ID);
    double th1 = now(CLOCK_THREAD_CPUTIME_ID);
    double used = tv(r1.ru_utime) + tv(r1.ru_stime) - tv(r0.ru_utime) -
                  tv(r0.ru_stime);
    FACT("rusage time grew by >= 250 ms", used >= 0.25);
    FACT("rusage time grew by <= 2 s", used <= 2);
    FACT("user time grew most", tv(r1.ru_utime) - tv(r0.ru_utime) >= used / 2);
    FACT("times elapsed grew by >= 25 ticks", c1 - c0 >= 25);
    FACT("times cpu grew by >= 25 ticks",
         (t1.tms_utime + t1.tms_stime) - (t0.tms_utime + t0.tms_stime) >= 25);
    FACT("process cputime grew by >= 300 ms", cpu1 - cpu0 >= 0.3);
    FACT("thread cputime grew by >= 250 ms", th1 - th0 >= 0.25);

    /* Sleeping uses no CPU time. */
    struct timespec ts = {0, 300000000};
    cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
    nanosleep(&ts, NULL);
    cpu1 = now(CLOCK_PROCESS_CPUTIME_ID);
    FACT("cputime grew by < 100 ms while sleeping 300 ms", cpu1 - cpu0 < 0.1);

    /* Touched pages count as faults and as resident memory. */
    size_t len = 64 << 12;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < len; i += 4096)
        p[i] = 1;
    T("getrusage", getrusage(RUSAGE_SELF, &r1));
    FACT("minor faults grew by >= 64", r1.ru_minflt - r0.ru_minflt >= 64);
    FACT("maxrss >= 256 KiB", r1.ru_maxrss >= 256);
    T("RUSAGE_CHILDREN", getrusage(RUSAGE_CHILDREN, &r1));
    FACT("  no children time", tv(r1.ru_utime) + tv(r1.ru_stime) == 0);
    T("RUSAGE_THREAD", getrusage(RUSAGE_THREAD, &r1));
    T("bad who", getrusage(7, &r1));
    T("bad pointer", syscall(SYS_getrusage, RUSAGE_SELF, (void *)8));
    T("times NULL", times(NULL) > 0);

    errno = 0;
    T("getpriority", getpriority(PRIO_PROCESS, 0));
    T("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
    T("getpriority", getpriority(PRIO_PROCESS, 0));
    T("setpriority 100 (clamped)", setpriority(PRIO_PROCESS, 0, 100));
    T("getpriority", getpriority(PRIO_PROCESS, getpid()));
    T("raw getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    T("getpriority bad which", syscall(SYS_getpriority, 9, 0));
    T("setpriority no such pid", setpriority(PRIO_PROCESS, 999999, 1));
    return 0;
}
