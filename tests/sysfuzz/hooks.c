// SPDX-License-Identifier: MIT
/*
 * Per-syscall constraints, applied after the arguments are drawn.  Each
 * keeps one way of ending or hanging the fuzzer off, and nothing else:
 *   blocking forever   O_NONBLOCK, LOCK_NB, IPC_NOWAIT, WNOHANG, bounded
 *                      poll timeouts, no F_SETLKW / F_OFD_SETLKW, no
 *                      FIONBIO that clears O_NONBLOCK, no leases, no
 *                      FIFOs, no io_uring GETEVENTS, no syslog READ
 *   fatal signals      a signal that may reach us is one we ignore
 *   the saved stdout   fd FZ_OUT_FD is never closed, replaced or duplicated
 *   taking over        no seccomp, TSC or syscall-dispatch traps, no SET_FS,
 *                      no SET_MM, no shadow stack, no PTRACE_TRACEME, no
 *                      RLIMIT_CPU/RTTIME, no SCHED_DEADLINE, no fanotify
 *                      permission events, rseq only where it must fail
 *   runaway work       in-kernel copies capped at 1 MiB
 * Memory-changing calls are in hooks_mm.c.
 */
#include "sysfuzz.h"
#include <string.h>

#define O_NONBLOCK_ 04000
#define SAFE_SIG 10 /* SIGUSR1: ignored */

void hk_open(struct fz_call *c)
{
    c->a[1] |= O_NONBLOCK_;
}

void hk_openat(struct fz_call *c)
{
    c->a[2] |= O_NONBLOCK_;
}

/* creat cannot be non-blocking: keep it off /proc/self/fd/N, which can
 * reopen a pipe. */
void hk_creat(struct fz_call *c)
{
    c->a[0] = paths_plain();
}

void hk_ioctl(struct fz_call *c)
{
    static const uint64_t cmds[] = {
        0x5401,     0x5402,     0x5403,     0x5413,     0x5414,     0x541b,
        0x5450,     0x5451,     0x5452,     0x540f,     0x5410,     0x540e,
        0x5422,     0x5429,     0x80086601, 0x40086602, 2,          1,
        0x40049409, 0xc0045878, 0x80081272, 0x5460,     0x8004667d, 0x4004667e,
        0x80045430, 0x40045431, 0xc020660b,
    };
    if (rng_chance(70))
        c->a[1] = RNG_PICK(cmds) | (rng_chance(5) ? rng_next() << 32 : 0);
    uint32_t cmd = (uint32_t)c->a[1];
    if (cmd == 0x5421) /* FIONBIO: could clear O_NONBLOCK */
        c->a[1] = 0x541b;
    if (cmd == 0xc0045877) /* FIFREEZE: every later write would wait */
        c->a[1] = 0xc0045878;
    /* Some ioctls read a struct that holds a pointer and write through it
     * (SIOCGIFCONF, SIOCETHTOOL): what the kernel left in scratch could be
     * a pointer to us, so the argument's first KiB there starts zeroed. */
    uint64_t s = (uint64_t)fz_mem.scratch, end = s + fz_mem.scratch_len;
    if (c->a[2] >= s && c->a[2] < end)
        memset((void *)c->a[2], 0, end - c->a[2] < 1024 ? end - c->a[2] : 1024);
}

void hk_fcntl(struct fz_call *c)
{
    static const uint64_t cmds[] = {
        0,  1,  2,  3,    4,    5,    6,    8,    9,    10,   11,   15,   16,
        17, 36, 37, 1025, 1026, 1030, 1031, 1032, 1033, 1034, 1035, 1036, 1027};
    if (rng_chance(80))
        c->a[1] = RNG_PICK(cmds);
    switch ((int)c->a[1]) {
    case 4: /* F_SETFL */
        c->a[2] |= O_NONBLOCK_;
        break;
    case 7: /* F_SETLKW: our own locks never conflict, but keep it short */
        c->a[1] = 6;
        break;
    case 38: /* F_OFD_SETLKW: two of our fds can conflict */
        c->a[1] = 37;
        break;
    case 10: /* F_SETSIG */
        c->a[2] = val_sig();
        break;
    case 1024: /* F_SETLEASE: a later open of ours would wait 45 s */
        c->a[1] = 1025;
        break;
    case 0:
    case 1030: /* F_DUPFD: any start is fine, 100 is taken */
        break;
    }
}

void hk_pipe2(struct fz_call *c)
{
    c->a[1] |= O_NONBLOCK_;
}

void hk_flock(struct fz_call *c)
{
    c->a[1] |= 4; /* LOCK_NB */
}

void hk_poll(struct fz_call *c)
{
    c->a[2] = rng_below(2);
}

void hk_epoll_wait(struct fz_call *c)
{
    c->a[3] = rng_below(2);
}

void hk_syslog(struct fz_call *c)
{
    if ((int)c->a[0] == 2) /* SYSLOG_ACTION_READ waits for messages */
        c->a[0] = 3;
}

static uint64_t calm(uint64_t sig)
{
    return sig_safe((long)(int)sig) ? sig : SAFE_SIG;
}

void hk_kill(struct fz_call *c)
{
    if (pid_may_be_self((long)c->a[0]))
        c->a[1] = calm(c->a[1]);
}

void hk_tkill(struct fz_call *c)
{
    if (pid_may_be_self((long)c->a[0]))
        c->a[1] = calm(c->a[1]);
}

void hk_tgkill(struct fz_call *c)
{
    if (pid_may_be_self((long)c->a[0]) || pid_may_be_self((long)c->a[1]))
        c->a[2] = calm(c->a[2]);
}

void hk_sigqueue(struct fz_call *c)
{
    if (pid_may_be_self((long)c->a[0]))
        c->a[1] = calm(c->a[1]);
}

void hk_tgsigqueue(struct fz_call *c)
{
    if (pid_may_be_self((long)c->a[0]) || pid_may_be_self((long)c->a[1]))
        c->a[2] = calm(c->a[2]);
}

void hk_pidfd_send_signal(struct fz_call *c)
{
    c->a[1] = calm(c->a[1]); /* the pidfd may be our own */
}

void hk_futex(struct fz_call *c)
{
    static const uint64_t ops[] = {0, 1, 3,  4,  5,  6,  7,
                                   8, 9, 10, 11, 12, 13, 2};
    if (rng_chance(85))
        c->a[1] = RNG_PICK(ops) | (rng_chance(50) ? 128 : 0) |
                  (rng_chance(20) ? 256 : 0);
    switch ((int)c->a[1] & ~(128 | 256)) {
    case 0:
    case 6:
    case 9:
    case 11:
    case 13: /* waits: bounded */
        c->a[3] = st_timeout();
        break;
    default:
        if (rng_chance(50))
            c->a[3] = val_int();
    }
    c->a[4] = st_futex_addr();
    if (rng_chance(50))
        c->a[2] = rng_below(3);
}

void hk_prctl(struct fz_call *c)
{
    static const uint64_t opts[] = {
        1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,         12,         13,
        14, 15, 16, 19, 20, 21, 23, 24, 25, 27, 28,         29,         30,
        31, 32, 33, 34, 36, 37, 38, 39, 40, 41, 42,         45,         46,
        47, 52, 53, 57, 58, 62, 65, 66, 67, 68, 0x53564d41, 0x59616d61,
    };
    if (rng_chance(75))
        c->a[0] = RNG_PICK(opts);
    switch ((int)c->a[0]) {
    case 22:          /* PR_SET_SECCOMP */
    case 26:          /* PR_SET_TSC: rdtsc would fault */
    case 35:          /* PR_SET_MM: rewrites our memory layout */
    case 59:          /* PR_SET_SYSCALL_USER_DISPATCH: SIGSYS on every call */
    case 75:          /* PR_SET_SHADOW_STACK_STATUS */
        c->a[0] = 16; /* PR_GET_NAME */
        break;
    case 1: /* PR_SET_PDEATHSIG */
        c->a[1] = val_sig();
        break;
    case 29: /* PR_SET_TIMERSLACK: a huge slack stretches every sleep */
        c->a[1] = rng_below(1000000);
        break;
    }
}

void hk_arch_prctl(struct fz_call *c)
{
    static const uint64_t codes[] = {
        0x1001, 0x1003, 0x1004, 0x1011, 0x1012, 0x1021, 0x1022, 0x1023, 0x1024,
        0x1025, 0x4001, 0x4002, 0x4003, 0x5002, 0x5003, 0x5004, 0x5005};
    if (rng_chance(80))
        c->a[0] = RNG_PICK(codes);
    switch ((int)c->a[0]) {
    case 0x1002: /* ARCH_SET_FS: our TLS */
    case 0x5001: /* ARCH_SHSTK_ENABLE: returns would fault */
    case 0x2001:
    case 0x2002:
    case 0x2003: /* ARCH_MAP_VDSO_* */
        c->a[0] = 0x1003;
        break;
    case 0x1012: /* ARCH_SET_CPUID: 0 makes cpuid fault */
        c->a[1] = 1;
        break;
    }
}

static void no_cpu_limit(struct fz_call *c, int res, int lim)
{
    uint32_t r = (uint32_t)c->a[res];
    if ((r == 0 || r == 15) && c->a[lim]) /* RLIMIT_CPU, RLIMIT_RTTIME */
        c->a[res] = 7;
}

void hk_rlimit(struct fz_call *c)
{
    no_cpu_limit(c, 0, 1);
}

void hk_prlimit(struct fz_call *c)
{
    no_cpu_limit(c, 1, 2);
}

void hk_wait4(struct fz_call *c)
{
    c->a[2] |= 1; /* WNOHANG */
}

void hk_waitid(struct fz_call *c)
{
    c->a[3] |= 1;
}

/* No packet sockets and no raw ones: they could put random frames on a
 * network.  Every socket is non-blocking. */
static uint64_t safe_domain(uint64_t d)
{
    static const uint64_t doms[] = {1, 2, 10, 16, 0, 38, 15, 9};
    if (rng_chance(80))
        d = RNG_PICK(doms);
    return (uint32_t)d == 17 ? 1 : d;
}

static uint64_t safe_type(uint64_t t)
{
    static const uint64_t types[] = {1, 2, 5, 4, 1 | 02000000, 2 | 04000};
    if (rng_chance(80))
        t = RNG_PICK(types);
    if ((t & 0xf) == 3 || (t & 0xf) == 10) /* SOCK_RAW, SOCK_PACKET */
        t = (t & ~0xfULL) | 2;
    return t | 04000; /* SOCK_NONBLOCK */
}

void hk_socket(struct fz_call *c)
{
    c->a[0] = safe_domain(c->a[0]);
    c->a[1] = safe_type(c->a[1]);
    if (rng_chance(60))
        c->a[2] = rng_chance(50) ? 0 : RNG_PICK(((const uint64_t[]){6, 17, 1}));
}

void hk_socketpair(struct fz_call *c)
{
    hk_socket(c);
}

void hk_setsockopt(struct fz_call *c)
{
    uint32_t level = (uint32_t)c->a[1], opt = (uint32_t)c->a[2];
    /* Joining a multicast group sends reports on a network. */
    if ((level == 0 && (opt == 35 || opt == 39 || opt == 42 || opt == 46)) ||
        (level == 41 && (opt == 20 || opt == 27 || opt == 42 || opt == 46)))
        c->a[2] = 1;
}

void hk_nowait3(struct fz_call *c)
{
    c->a[3] |= 04000; /* IPC_NOWAIT */
}

void hk_nowait4(struct fz_call *c)
{
    c->a[4] |= 04000;
}

void hk_dup2(struct fz_call *c)
{
    if ((int)c->a[1] == FZ_OUT_FD)
        c->a[1] = 4;
}

void hk_close_range(struct fz_call *c)
{
    uint32_t lo = (uint32_t)c->a[0], hi = (uint32_t)c->a[1];
    if (rng_chance(50)) {
        lo = 3 + rng_below(40);
        hi = lo + rng_below(40);
        c->a[0] = lo;
        c->a[1] = hi;
    }
    if (lo <= FZ_OUT_FD && hi >= FZ_OUT_FD && !(c->a[2] & 4)) {
        if (rng_chance(50))
            c->a[1] = FZ_OUT_FD - 1;
        else
            c->a[0] = FZ_OUT_FD + 1;
    }
}

void hk_pidfd_getfd(struct fz_call *c)
{
    if ((int)c->a[1] == FZ_OUT_FD)
        c->a[1] = 1;
}

/* No FIFOs (an open of one waits for the other end), and device nodes only
 * for the harmless memory devices (never a terminal or /dev/mem). */
static void safe_node(struct fz_call *c, int mode, int dev)
{
    static const uint64_t devs[] = {0x103, 0x105, 0x107, 0x109, 0xfff00, 0};
    uint64_t type = c->a[mode] & 0170000;
    if (type == 0010000)
        c->a[mode] = (c->a[mode] & ~0170000ULL) | 0100000;
    if (type == 0020000 || type == 0060000)
        c->a[dev] = RNG_PICK(devs);
}

void hk_mknod(struct fz_call *c)
{
    safe_node(c, 1, 2);
}

void hk_mknodat(struct fz_call *c)
{
    safe_node(c, 2, 3);
}

static void cap(struct fz_call *c, int i)
{
    if (c->a[i] > (1 << 20))
        c->a[i] = rng_chance(50) ? 1 << 20 : c->a[i] & 0xfffff;
}

void hk_copy_cap2(struct fz_call *c)
{
    cap(c, 2);
}

void hk_copy_cap3(struct fz_call *c)
{
    cap(c, 3);
}

void hk_copy_cap4(struct fz_call *c)
{
    cap(c, 4);
}

void hk_ptrace(struct fz_call *c)
{
    static const uint64_t reqs[] = {
        1,      2,      3,      4,      5,      6,      7,      8,      9,
        12,     13,     14,     15,     16,     17,     24,     0x4200, 0x4201,
        0x4202, 0x4203, 0x4204, 0x4205, 0x4206, 0x4207, 0x4208, 0x4209};
    if (rng_chance(70))
        c->a[0] = RNG_PICK(reqs);
    if (c->a[0] == 0) /* PTRACE_TRACEME: every signal would stop us */
        c->a[0] = 3;
}

void hk_sched_setscheduler(struct fz_call *c)
{
    if (((int)c->a[1] & ~0x40000000) == 6) /* SCHED_DEADLINE */
        c->a[1] = 0;
}

void hk_fanotify_init(struct fz_call *c)
{
    c->a[0] = (c->a[0] & ~0xcULL) | 2; /* FAN_CLASS_NOTIF, FAN_NONBLOCK */
}

void hk_fanotify_mark(struct fz_call *c)
{
    c->a[2] &= ~0x1f0000ULL; /* no permission events */
}

void hk_io_uring_enter(struct fz_call *c)
{
    c->a[2] = 0;      /* min_complete */
    c->a[3] &= ~5ULL; /* GETEVENTS, SQ_WAIT */
}

void hk_process_madvise(struct fz_call *c)
{
    static const uint64_t kind[] = {20, 21, 3, 25}; /* never destructive */
    c->a[3] = RNG_PICK(kind);
}

/* A registered rseq area is written on every return to user mode, and a
 * failed write is SIGSEGV: pass only areas registration must refuse. */
void hk_rseq(struct fz_call *c)
{
    switch (rng_below(3)) {
    case 0:
        c->a[0] = 0xffff800000000000ULL + (rng_below(4096) << 5);
        break;
    case 1:
        c->a[0] = (uint64_t)fz_mem.scratch + 1 + rng_below(31);
        break;
    default:
        c->a[0] = (rng_next() | 0x8000000000000000ULL) & ~31ULL;
    }
}
