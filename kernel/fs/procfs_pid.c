// SPDX-License-Identifier: MIT
/*
 * The files of /proc/PID: stat, statm and status in Linux's formats
 * (enough for ps), comm, cmdline and environ read from the strings on the
 * process's stack, and maps from its mappings.  Times are in clock ticks
 * of 100 Hz, as Linux's USER_HZ.  A process that has gone has empty
 * files; a zombie has no memory, so its cmdline, environ and maps are
 * empty, as on Linux.
 */
#include "kernel/fs/file.h"
#include "kernel/proc.h"
#include "mm/mm.h"

#define TICK_NS 10000000ULL
#define KIB(pages) ((unsigned long)((pages) * (PAGE_SIZE / 1024)))

static const char *state_name(char state)
{
    switch (state) {
    case 'S':
        return "S (sleeping)";
    case 'T':
        return "T (stopped)";
    case 'Z':
        return "Z (zombie)";
    }
    return "R (running)";
}

size_t procfs_stat(int pid, char *buf, size_t cap)
{
    struct proc_info p;
    if (proc_info(pid, &p))
        return 0;
    int prio = p.policy ? -1 - p.rt_prio : 20 + p.nice;
    return (size_t)snprintf(
        buf, cap,
        "%d (%s) %c %d %d %d 0 -1 0 %lu 0 0 0 %lu %lu 0 0 %d %d %d 0 "
        "%lu %lu %lu 18446744073709551615 0 0 %lu 0 0 %lu %lu %lu %lu 0 0 0 "
        "17 %d %d %d 0 0 0 0 0 0 %lu %lu %lu %lu 0\n",
        p.pid, p.comm, p.state, p.ppid, p.pgid, p.sid,
        (unsigned long)p.minflt, (unsigned long)(p.utime_ns / TICK_NS),
        (unsigned long)(p.stime_ns / TICK_NS), prio, p.nice, p.nthreads,
        (unsigned long)(p.start_ns / TICK_NS), (unsigned long)p.vsize,
        (unsigned long)p.rss_pages, (unsigned long)p.start_stack,
        (unsigned long)p.pending, (unsigned long)p.blocked,
        (unsigned long)p.ignored, (unsigned long)p.caught, p.cpu, p.rt_prio,
        p.policy,
        (unsigned long)p.arg_start, (unsigned long)p.arg_end,
        (unsigned long)p.env_start, (unsigned long)p.env_end);
}

size_t procfs_statm(int pid, char *buf, size_t cap)
{
    struct proc_info p;
    if (proc_info(pid, &p))
        return 0;
    return (size_t)snprintf(buf, cap, "%lu %lu 0 0 0 0 0\n",
                            (unsigned long)(p.vsize / PAGE_SIZE),
                            (unsigned long)p.rss_pages);
}

size_t procfs_status(int pid, char *buf, size_t cap)
{
    struct proc_info p;
    if (proc_info(pid, &p))
        return 0;
    int n = snprintf(
        buf, cap,
        "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\n"
        "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t%d\t%d\t%d\t%d\n"
        "Gid:\t%d\t%d\t%d\t%d\nFDSize:\t%u\nGroups:\t\nNStgid:\t%d\n"
        "NSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n"
        "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmHWM:\t%8lu kB\n"
        "VmRSS:\t%8lu kB\nThreads:\t%d\nSigQ:\t0/0\n"
        "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n"
        "SigIgn:\t%016lx\nSigCgt:\t%016lx\n"
        "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
        p.comm, p.umask, state_name(p.state), p.pid,
        p.pid, p.ppid, p.uid[0], p.uid[1],
        p.uid[2], p.uid[3], p.gid[0], p.gid[1], p.gid[2], p.gid[3],
        p.fd_limit, p.pid, p.pid, p.pgid, p.sid,
        (unsigned long)(p.vsize / 1024), (unsigned long)(p.vsize / 1024),
        KIB(p.rss_peak_pages), KIB(p.rss_pages), p.nthreads,
        (unsigned long)p.pending, (unsigned long)p.shared_pending,
        (unsigned long)p.blocked, (unsigned long)p.ignored,
        (unsigned long)p.caught, (unsigned long)p.nvcsw,
        (unsigned long)p.nivcsw);
    return n < 0 ? 0 : (size_t)n;
}

size_t procfs_comm(int pid, char *buf, size_t cap)
{
    struct proc_info p;
    if (proc_info(pid, &p))
        return 0;
    return (size_t)snprintf(buf, cap, "%s\n", p.comm);
}

/* The strings of process pid's stack, its arguments or its environment,
 * as far as they fit. */
static size_t stack_strings(int pid, char *buf, size_t cap, int env)
{
    struct proc_info p;
    if (proc_info(pid, &p) || proc_mm_enter(pid))
        return 0;
    uint64_t lo = env ? p.env_start : p.arg_start;
    uint64_t hi = env ? p.env_end : p.arg_end;
    size_t n = hi > lo ? (size_t)MIN(hi - lo, (uint64_t)cap) : 0;
    if (n && copy_from_user(buf, (const void *)lo, n))
        n = 0;
    proc_mm_leave();
    return n;
}

size_t procfs_cmdline(int pid, char *buf, size_t cap)
{
    return stack_strings(pid, buf, cap, 0);
}

size_t procfs_environ(int pid, char *buf, size_t cap)
{
    return stack_strings(pid, buf, cap, 1);
}

/* What maps names a mapping of process pid: its file, the program's, or
 * its role. */
static const char *map_name(int pid, const struct vma *v, char *path,
                            size_t cap)
{
    if (v->file) {
        long n = vfs_inode_path(v->file->inode, path, cap - 1);
        if (n < 0)
            return "";
        path[n] = 0;
        return path;
    }
    if (v->flags & VMA_IMAGE)
        return procfs_exe(pid) ? procfs_exe(pid) : "";
    return v->flags & VMA_HEAP    ? "[heap]"
           : v->flags & VMA_STACK ? "[stack]"
           : v->flags & VMA_VDSO  ? "[vdso]"
           : v->flags & VMA_VVAR  ? "[vvar]"
                                  : "";
}

size_t procfs_maps(int pid, char *buf, size_t cap)
{
    if (proc_mm_enter(pid))
        return 0;
    char *path = kmalloc(VFS_PATH_MAX);
    size_t n = 0;
    for (uint64_t a = vma_next_start(0); path && a < MM_USER_TOP && n < cap;) {
        const struct vma *v = vma_find(a);
        if (!v) {
            a = vma_next_start(a);
            continue;
        }
        const char *name = map_name(pid, v, path, VFS_PATH_MAX);
        int w = snprintf(
            buf + n, cap - n, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
            (unsigned long)v->start, (unsigned long)v->end,
            v->prot & LX_PROT_READ ? 'r' : '-',
            v->prot & LX_PROT_WRITE ? 'w' : '-',
            v->prot & LX_PROT_EXEC ? 'x' : '-',
            v->flags & (VMA_SHARED | VMA_ANON_SHARED) ? 's' : 'p',
            (unsigned long)(v->file ? v->off : 0),
            v->file ? VFS_MAJOR(v->file->inode->dev) : 0,
            v->file ? VFS_MINOR(v->file->inode->dev) : 0,
            (unsigned long)(v->file ? v->file->inode->ino : 0));
        if (w < 0)
            break;
        n = MIN(n + (size_t)w, cap);
        if (*name) { /* Linux pads the name to column 73 */
            size_t pad = MIN((size_t)(w < 73 ? 73 - w : 0), cap - n);
            memset(buf + n, ' ', pad);
            n += pad;
        }
        w = snprintf(buf + n, cap - n, "%s\n", name);
        n = w < 0 ? cap : MIN(n + (size_t)w, cap);
        a = v->end;
    }
    kfree(path);
    proc_mm_leave();
    return n;
}
