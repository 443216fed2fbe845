/* SPDX-License-Identifier: MIT */
/* sched_getaffinity, sched_yield, getcpu, scheduler policies. */
#include "t.h"
#include <pthread.h>
#include <sched.h>

static void *policy_of_thread(void *out)
{
    *(long *)out = syscall(SYS_sched_getscheduler, 0);
    return NULL;
}

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    T("sched_getaffinity", sched_getaffinity(0, sizeof set, &set) );
    int n = CPU_COUNT(&set);
    FACT("count >= 1", n >= 1);
    long raw = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    FACT("raw returns size in bytes, multiple of 8", raw > 0 && raw % 8 == 0);
    T("affinity size 1", syscall(SYS_sched_getaffinity, 0, 1, &set));
    T("affinity missing pid", syscall(SYS_sched_getaffinity, 0x3ffffff, sizeof set, &set));
    T("sched_setaffinity same", sched_setaffinity(0, sizeof set, &set));
    T("sched_yield", sched_yield());
    unsigned cpu = 9999, node = 9999;
    T("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    FACT("cpu in affinity set", CPU_ISSET(cpu, &set));
    FACT("node is 0", node == 0);
    T("getcpu NULLs", syscall(SYS_getcpu, NULL, NULL, NULL));
    T("sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
    struct sched_param sp;
    T("sched_getparam", syscall(SYS_sched_getparam, 0, &sp));
    T("priority", sp.sched_priority);
    sp.sched_priority = 0;
    T("sched_setscheduler BATCH", syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp));
    T("sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
    pthread_t th;
    long inherited = -1;
    pthread_create(&th, NULL, policy_of_thread, &inherited);
    pthread_join(th, NULL);
    T("a new thread's policy", inherited);
    sp.sched_priority = 5;
    T("BATCH priority 5", syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp));
    T("setparam priority 5", syscall(SYS_sched_setparam, 0, &sp));
    T("setscheduler NULL", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
    T("getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
    T("setscheduler bad policy", syscall(SYS_sched_setscheduler, 0, 77, &sp));
    sp.sched_priority = 0;
    T("setparam 0", syscall(SYS_sched_setparam, 0, &sp));
    T("back to OTHER", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp));
    T("sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
    T("priority max OTHER", sched_get_priority_max(SCHED_OTHER));
    T("priority max FIFO", sched_get_priority_max(SCHED_FIFO));
    T("priority min bad", sched_get_priority_min(1234));
    /* Never implemented by Linux either: ENOSYS everywhere. */
    T("tuxcall", syscall(184));
    return 0;
}
