// SPDX-License-Identifier: MIT
/*
 * Capabilities: the program starts as root with every capability, and the
 * sets change as Linux changes them (capset, and setuid away from root).
 * PARTIAL: the sets are kept and reported, but nothing checks them; the
 * kernel lets the program do what root may (see ids.c).
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "syscall/caps.h"

#define CAP_V1 0x19980330
#define CAP_V2 0x20071026
#define CAP_V3 0x20080522
#define CAP_LAST 40 /* CAP_CHECKPOINT_RESTORE, Linux 6.1 */
#define CAP_ALL ((1ULL << (CAP_LAST + 1)) - 1)

struct cap_header {
    uint32_t version;
    int pid;
};
struct cap_data {
    uint32_t effective, permitted, inheritable;
};

/* The calling process's sets (kernel/task.h). */
#define eff (proc_current()->cap_eff)
#define perm (proc_current()->cap_perm)
#define inh (proc_current()->cap_inh)
#define keep (proc_current()->keepcaps)

void caps_init(struct process *p)
{
    p->cap_eff = p->cap_perm = CAP_ALL;
}

/* Check the header; *n gets how many data structs the version uses. */
static long header(struct cap_header *uh, int *n)
{
    struct cap_header h;
    if (copy_from_user(&h, uh, sizeof(h)))
        return -EFAULT;
    if (h.version != CAP_V1 && h.version != CAP_V2 && h.version != CAP_V3) {
        uint32_t v = CAP_V3;
        if (copy_to_user(&uh->version, &v, sizeof(v)))
            return -EFAULT;
        return -EINVAL;
    }
    if (h.pid < 0)
        return -EINVAL;
    if (h.pid != 0 && h.pid != proc_current()->pid)
        return -ESRCH;
    *n = h.version == CAP_V1 ? 1 : 2;
    return 0;
}

long sys_capget(struct cap_header *uh, struct cap_data *ud)
{
    int n;
    long err = header(uh, &n);
    if (err || !ud)
        return err;
    struct cap_data d[2];
    for (int i = 0; i < n; i++)
        d[i] = (struct cap_data){(uint32_t)(eff >> (32 * i)),
                                 (uint32_t)(perm >> (32 * i)),
                                 (uint32_t)(inh >> (32 * i))};
    return copy_to_user(ud, d, n * sizeof(d[0]));
}

long sys_capset(struct cap_header *uh, const struct cap_data *ud)
{
    int n;
    long err = header(uh, &n);
    if (err)
        return err;
    struct cap_data d[2] = {{0}};
    if (copy_from_user(d, ud, n * sizeof(d[0])))
        return -EFAULT;
    uint64_t e = d[0].effective | (uint64_t)d[1].effective << 32;
    uint64_t p = d[0].permitted | (uint64_t)d[1].permitted << 32;
    uint64_t i = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
    e &= CAP_ALL, p &= CAP_ALL, i &= CAP_ALL;
    /* Linux's cap_capset: no new permitted bits, effective within
     * permitted, inheritable within the old inheritable and permitted
     * unless CAP_SETPCAP (8) is effective. */
    if ((p & ~perm) || (e & ~p) ||
        (!(eff & (1ULL << 8)) && (i & ~(inh | perm))))
        return -EPERM;
    eff = e, perm = p, inh = i;
    return 0;
}

void caps_setuid(int old_r, int old_e, int old_s, int r, int e, int s)
{
    if ((old_r == 0 || old_e == 0 || old_s == 0) && r && e && s && !keep)
        perm = eff = 0;
    if (old_e == 0 && e != 0)
        eff = 0;
    if (old_e != 0 && e == 0)
        eff = perm;
}

long caps_prctl(int option, uint64_t arg)
{
    switch (option) {
    case 7: /* PR_GET_KEEPCAPS */
        return keep;
    case 8: /* PR_SET_KEEPCAPS */
        if (arg > 1)
            return -EINVAL;
        keep = (int)arg;
        return 0;
    case 23: /* PR_CAPBSET_READ: the bounding set is full */
        return arg <= CAP_LAST ? 1 : -EINVAL;
    default:
        return -EINVAL;
    }
}
