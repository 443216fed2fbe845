// SPDX-License-Identifier: MIT
/*
 * Credentials, per process, and process groups and sessions.  The first
 * process starts as root (uid and gid 0) and may change ids as root may;
 * after it drops root the usual EPERM rules apply; children inherit them.
 * Only the values change: file access checks still treat every process
 * as root.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "syscall/caps.h"

/* The calling process's (kernel/task.h). */
#define uid (proc_current()->uid)
#define gid (proc_current()->gid)
#define groups (proc_current()->groups)
#define ngroups (proc_current()->ngroups)

int cred_uid(void)
{
    return uid.r;
}

long sys_getuid(void)
{
    return uid.r;
}

long sys_geteuid(void)
{
    return uid.e;
}

long sys_getgid(void)
{
    return gid.r;
}

long sys_getegid(void)
{
    return gid.e;
}

static long put3(const struct proc_ids *id, int *r, int *e, int *s)
{
    if (copy_to_user(r, &id->r, sizeof(int)) ||
        copy_to_user(e, &id->e, sizeof(int)) ||
        copy_to_user(s, &id->s, sizeof(int)))
        return -EFAULT;
    return 0;
}

long sys_getresuid(int *r, int *e, int *s)
{
    return put3(&uid, r, e, s);
}

long sys_getresgid(int *r, int *e, int *s)
{
    return put3(&gid, r, e, s);
}

/* Whether the caller may take value v (-1 means unchanged). */
static int allowed(const struct proc_ids *id, int v)
{
    return v == -1 || uid.e == 0 || v == id->r || v == id->e || v == id->s;
}

static long setres(struct proc_ids *id, int r, int e, int s)
{
    if (!allowed(id, r) || !allowed(id, e) || !allowed(id, s))
        return -EPERM;
    if (r != -1)
        id->r = r;
    if (e != -1)
        id->e = id->fs = e;
    if (s != -1)
        id->s = s;
    return 0;
}

/* Every uid change goes through here: capabilities follow it. */
static long setres_uid(int r, int e, int s)
{
    struct proc_ids old = uid;
    long err = setres(&uid, r, e, s);
    if (!err)
        caps_setuid(old.r, old.e, old.s, uid.r, uid.e, uid.s);
    return err;
}

long sys_setresuid(int r, int e, int s)
{
    return setres_uid(r, e, s);
}

long sys_setresgid(int r, int e, int s)
{
    return setres(&gid, r, e, s);
}

long sys_setreuid(int r, int e)
{
    int s = (r != -1 || (e != -1 && e != uid.r)) ? (e != -1 ? e : uid.e) : -1;
    return setres_uid(r, e, s);
}

long sys_setregid(int r, int e)
{
    int s = (r != -1 || (e != -1 && e != gid.r)) ? (e != -1 ? e : gid.e) : -1;
    return setres(&gid, r, e, s);
}

/* Root sets all three ids; anyone else only the effective one. */
static long set1(struct proc_ids *id, int v)
{
    if (v < 0)
        return -EINVAL;
    if (id == &uid)
        return uid.e == 0 ? setres_uid(v, v, v) : setres_uid(-1, v, -1);
    if (uid.e == 0)
        return setres(id, v, v, v);
    return setres(id, -1, v, -1);
}

long sys_setuid(int v)
{
    return set1(&uid, v);
}

long sys_setgid(int v)
{
    return set1(&gid, v);
}

/* Returns the previous fsuid, whether or not the change was allowed. */
static long setfs(struct proc_ids *id, int v)
{
    int old = id->fs;
    if (v != -1 && (uid.e == 0 || v == id->r || v == id->e || v == id->s ||
                    v == id->fs))
        id->fs = v;
    return old;
}

long sys_setfsuid(int v)
{
    return setfs(&uid, v);
}

long sys_setfsgid(int v)
{
    return setfs(&gid, v);
}

long sys_getgroups(int size, uint32_t *list)
{
    if (size < 0)
        return -EINVAL;
    if (!size)
        return ngroups;
    if (size < ngroups)
        return -EINVAL;
    if (copy_to_user(list, groups, ngroups * sizeof(uint32_t)))
        return -EFAULT;
    return ngroups;
}

long sys_setgroups(int size, const uint32_t *list)
{
    if (uid.e != 0)
        return -EPERM;
    if (size < 0 || size > (int)NELEM(groups))
        return -EINVAL;
    if (copy_from_user(groups, list, size * sizeof(uint32_t)))
        return -EFAULT;
    ngroups = size;
    return 0;
}

long sys_getpgrp(void)
{
    return proc_current()->pgid;
}

/* The process pid names for these calls (0: the caller), or NULL. */
static struct process *target(int pid)
{
    return pid == 0 ? proc_current() : pid > 0 ? proc_find(pid) : NULL;
}

long sys_getpgid(int pid)
{
    struct process *p = target(pid);
    return p ? p->pgid : -ESRCH;
}

long sys_getsid(int pid)
{
    struct process *p = target(pid);
    return p ? p->sid : -ESRCH;
}

/* Linux's rules: the caller or a child of it that has not run execve, in
 * the caller's session and not leading one, into a group of that session
 * (or a new one named by its pid). */
long sys_setpgid(int pid, int pgid)
{
    struct process *me = proc_current();
    if (pid == 0)
        pid = me->pid;
    if (pgid == 0)
        pgid = pid;
    if (pgid < 0)
        return -EINVAL;
    struct process *p = target(pid);
    if (!p || (p != me && p->parent != me))
        return -ESRCH;
    if (p != me && p->did_exec)
        return -EACCES;
    if (p->sid != me->sid || p->sid == p->pid)
        return -EPERM;
    if (pgid != p->pid && !proc_group_in_session(pgid, me->sid))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_setsid(void)
{
    struct process *me = proc_current();
    if (me->pgid == me->pid || proc_group_in_session(me->pid, -1))
        return -EPERM; /* a group leader, or its pid names a group */
    me->sid = me->pgid = me->pid;
    return me->sid;
}
