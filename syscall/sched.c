// SPDX-License-Identifier: MIT
/* Scheduling: every thread runs round robin (kernel/sched.c), whatever
 * its policy; policies and priorities are kept and reported, and affinity
 * masks are kept and obeyed. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_RESET_ON_FORK 0x40000000

static int check_pid(int pid)
{
    if (pid < 0)
        return -EINVAL;
    return pid == 0 || task_find(pid) ? 0 : -ESRCH;
}

static struct task *target(int pid)
{
    return pid ? task_find(pid) : task_current();
}

long sys_sched_yield(void)
{
    sched_need_resched();
    return 0;
}

long sys_sched_getscheduler(int pid)
{
    int err = check_pid(pid);
    return err ? err : target(pid)->policy;
}

long sys_sched_getparam(int pid, int *param)
{
    if (!param)
        return -EINVAL;
    int err = check_pid(pid);
    if (err)
        return err;
    return copy_to_user(param, &target(pid)->rt_prio, sizeof(int));
}

/* Set t's policy (-1: keep it) and priority, as Linux checks them. */
static long set_policy(int pid, int policy, const int *param)
{
    int prio;
    if (!param || pid < 0)
        return -EINVAL;
    if (copy_from_user(&prio, param, sizeof(prio)))
        return -EFAULT;
    int err = check_pid(pid);
    if (err)
        return err;
    struct task *t = target(pid);
    if (policy < 0)
        policy = t->policy;
    policy &= ~SCHED_RESET_ON_FORK; /* no fork yet */
    int rt = policy == SCHED_FIFO || policy == SCHED_RR;
    if ((policy != SCHED_OTHER && policy != SCHED_BATCH &&
         policy != SCHED_IDLE && !rt) ||
        (rt ? prio < 1 || prio > 99 : prio != 0))
        return -EINVAL;
    t->policy = policy;
    t->rt_prio = prio;
    return 0;
}

/* PARTIAL: the policy and priority are kept for the getters, but every
 * thread is scheduled round robin alike. */
long sys_sched_setscheduler(int pid, int policy, const int *param)
{
    return policy < 0 ? -EINVAL : set_policy(pid, policy, param);
}

/* PARTIAL: as sched_setscheduler. */
long sys_sched_setparam(int pid, const int *param)
{
    return set_policy(pid, -1, param);
}

long sys_sched_get_priority_max(int policy)
{
    if (policy == SCHED_FIFO || policy == SCHED_RR)
        return 99;
    if (policy == SCHED_OTHER || policy == SCHED_BATCH ||
        policy == SCHED_IDLE)
        return 0;
    return -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
    long max = sys_sched_get_priority_max(policy);
    return max == 99 ? 1 : max;
}

long sys_sched_rr_get_interval(int pid, int64_t *ts)
{
    int64_t t[2] = {0, 100000000}; /* Linux's default RR slice: 100 ms */
    int err = check_pid(pid);
    if (err)
        return err;
    return copy_to_user(ts, t, sizeof(t));
}

long sys_sched_getaffinity(int pid, uint64_t len, uint8_t *mask)
{
    int err = check_pid(pid);
    if (err)
        return err;
    if (len < sizeof(uint64_t) || (len & (sizeof(long) - 1)))
        return -EINVAL;
    uint64_t m = target(pid)->affinity & sched_online_mask();
    if (copy_to_user(mask, &m, sizeof(m)))
        return -EFAULT;
    return sizeof(m);
}

long sys_sched_setaffinity(int pid, uint64_t len, const uint8_t *mask)
{
    uint64_t m = 0;
    int err = check_pid(pid);
    if (err)
        return err;
    if (copy_from_user(&m, mask, MIN(len, sizeof(m))))
        return -EFAULT;
    if (!(m & sched_online_mask()))
        return -EINVAL;
    sched_set_affinity(target(pid), m);
    return 0;
}

long sys_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
    unsigned c = (unsigned)task_current()->cpu, zero = 0;
    (void)cache;
    if (cpu && copy_to_user(cpu, &c, sizeof(c)))
        return -EFAULT;
    if (node && copy_to_user(node, &zero, sizeof(zero)))
        return -EFAULT;
    return 0;
}
