/* SPDX-License-Identifier: MIT */
/*
 * sysfuzz: an in-guest syscall fuzzer.  From a seed it makes thousands of
 * syscalls with hostile arguments and ends with one summary line.  It runs
 * only under the unikernel (it would damage a host), never kills itself on
 * purpose and never hands the kernel its own memory to change: every
 * argument is drawn from a shape that is safe for the program whatever a
 * correct kernel does with it (see table.c for what is excluded and why).
 */
#ifndef SYSFUZZ_H
#define SYSFUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FZ_PAGE 4096UL
#define FZ_OUT_FD 100 /* the real stdout; never an argument */

/* ---- rng.c: the one random stream of a run ---- */

/* Start the stream from seed. */
void rng_seed(uint64_t seed);
/* The next 64 random bits. */
uint64_t rng_next(void);
/* A number in [0, n); n > 0. */
uint64_t rng_below(uint64_t n);
/* 1 with probability pct/100. */
int rng_chance(unsigned pct);
/* One of the n values of a. */
uint64_t rng_pick(const uint64_t *a, size_t n);
#define RNG_PICK(a) rng_pick((a), sizeof(a) / sizeof((a)[0]))

/* ---- mem.c: the memory the kernel may be handed ---- */

/*
 * The zone (fixed, never a target of a memory-changing call):
 *   ro0 (read-only, zeros) | ro1 (read-only: paths; its last bytes are not
 *   NUL-terminated) | none | scratch (read-write) | none | structs | none
 * The arena: pages that munmap, mprotect, mremap, mmap MAP_FIXED and
 * friends may change, with unmapped slack on both sides.
 */
struct fz_mem {
    uint8_t *ro0, *ro1, *none, *scratch, *guard, *structs;
    size_t scratch_len, structs_len;
    uint64_t arena, arena_len, slack;
};
extern struct fz_mem fz_mem;

/* Map the zone and the arena, note what must never be touched.  0 or -1. */
int mem_init(void);
/* A pointer the kernel may write through ('w'). */
uint64_t mem_out_ptr(void);
/* A pointer the kernel reads from, any content ('r'). */
uint64_t mem_in_ptr(void);
/* A pointer that no correct kernel can use: kernel, non-canonical, NULL,
 * unmapped, PROT_NONE, though a call may have mapped some low ones. */
uint64_t mem_bad_ptr(void);
/* The same, but never mapped: for arguments whose content would matter. */
uint64_t mem_dead_ptr(void);
/* An address for a call that changes mappings ('a'); remembers its region
 * so that mem_mm_len can bound the length to it. */
uint64_t mem_mm_addr(void);
/* A length for the last mem_mm_addr ('A'). */
uint64_t mem_mm_len(void);
/* Whether [a, a+len) may be changed by the fuzzer's mm calls. */
int mem_mm_ok(uint64_t a, uint64_t len);
/* Whether v falls inside the program's own memory (text, data, heap,
 * stack), so that a random number must not be it. */
int mem_is_own(uint64_t v);
/* Remember a mapping the kernel handed out (mmap, mremap, shmat, ...), and
 * unmap the oldest when there are too many. */
void mem_note_map(uint64_t addr, uint64_t len);
/* A checksum of the read-only zone and the canaries; changes mean the
 * kernel wrote where it must not. */
uint64_t mem_check(void);

/* ---- vals.c: number shapes ---- */

uint64_t val_int(void);   /* 'i' */
uint64_t val_long(void);  /* 'l': offsets, counts of anything */
uint64_t val_flags(void); /* 'x' */
uint64_t val_size(void);  /* 'n' */
uint64_t val_mode(void);  /* 'm' */
uint64_t val_id(void);    /* 'u': uid, gid */
uint64_t val_clock(void); /* 'c' */
uint64_t val_pid(void);   /* 'P' */
uint64_t val_sig(void);   /* 's': a signal safe to send ourselves */
uint64_t val_any(void);   /* '-': 64 random bits that are not our memory */
/* A signal that may be sent to us: it is ignored. */
int sig_safe(long sig);
/* Whether pid may name this process or its group. */
int pid_may_be_self(long pid);

/* ---- fds.c: file descriptors ---- */

/* Open the fuzzer's own files, pipes and sockets under /tmp/sysfuzz. */
void fds_init(void);
/* An fd argument ('f'), or a dirfd ('d') when dir is set: never FZ_OUT_FD. */
uint64_t fds_arg(int dir);
/* A new fd came back: make it non-blocking and remember it. */
void fds_note(long fd);
/* Make every low fd we may have missed non-blocking. */
void fds_sweep(void);

/* ---- paths.c ---- */

/* Lay the path strings out in ro1. */
void paths_init(uint8_t *ro1, size_t len);
/* A path argument ('p'). */
uint64_t paths_arg(void);
/* A path that is not under /proc (for calls that may block on a FIFO). */
uint64_t paths_plain(void);

/* ---- structs.c: prepared arguments, rebuilt before each use ---- */

uint64_t st_timeout(void);      /* 't': a bounded timespec/timeval */
uint64_t st_sockaddr(void);     /* 'S': loopback or AF_UNIX under /tmp */
uint64_t st_iov(int write);     /* 'v'/'V': iovecs into scratch / anywhere */
uint64_t st_msghdr(int recv);   /* 'M'/'N' */
uint64_t st_mmsg(int recv);     /* sendmmsg/recvmmsg vectors */
uint64_t st_sigaction(int sig); /* 'g': handler SIG_IGN or harmless DFL */
uint64_t st_sigevent(void);     /* 'e': notifies with a safe signal only */
uint64_t st_rlimit(void);       /* 'L' */
uint64_t st_sembuf(void);       /* semop: always IPC_NOWAIT */
uint64_t st_sched_attr(void);   /* never SCHED_DEADLINE */
uint64_t st_open_how(void);     /* openat2: always O_NONBLOCK */
uint64_t st_mq_attr(void);      /* mq_getsetattr: always O_NONBLOCK */
uint64_t st_futex_addr(void);   /* 'X': scratch or a bad pointer */
uint64_t st_fd_pair(void);      /* 'F': where pipe() puts its two fds */
/* The length that goes with the last prepared struct ('Z'). */
uint64_t st_len(void);

/* ---- table.c ---- */

struct fz_call;
typedef void (*fz_hook)(struct fz_call *c);
struct fz_sys {
    const char *name;
    const char *args; /* one kind letter per argument (see args.c) */
    fz_hook hook;     /* fixes arguments after they are drawn */
    const char *why;  /* set: excluded, and this is the reason */
    int fd_ret;       /* 1: returns an fd; 2: writes two to arg 0/3 */
};
#define FZ_NSYS 470
extern const struct fz_sys fz_table[FZ_NSYS];

/* ---- args.c / hooks.c ---- */

struct fz_call {
    long nr;
    uint64_t a[6];
    int skip; /* set by a hook: this draw is not made */
};
/* Draw the arguments of syscall nr by its kinds, then apply its hook. */
void args_draw(struct fz_call *c);
/* Draw one argument of kind k. */
uint64_t args_kind(char k);

/* Hooks (hooks.c, hooks_mm.c). */
void hk_open(struct fz_call *c);
void hk_openat(struct fz_call *c);
void hk_creat(struct fz_call *c);
void hk_mmap(struct fz_call *c);
void hk_mremap(struct fz_call *c);
void hk_brk(struct fz_call *c);
void hk_mlockall(struct fz_call *c);
void hk_shmat(struct fz_call *c);
void hk_ioctl(struct fz_call *c);
void hk_fcntl(struct fz_call *c);
void hk_flock(struct fz_call *c);
void hk_poll(struct fz_call *c);
void hk_epoll_wait(struct fz_call *c);
void hk_kill(struct fz_call *c);
void hk_tkill(struct fz_call *c);
void hk_tgkill(struct fz_call *c);
void hk_sigqueue(struct fz_call *c);
void hk_tgsigqueue(struct fz_call *c);
void hk_futex(struct fz_call *c);
void hk_prctl(struct fz_call *c);
void hk_arch_prctl(struct fz_call *c);
void hk_rlimit(struct fz_call *c);
void hk_prlimit(struct fz_call *c);
void hk_wait4(struct fz_call *c);
void hk_waitid(struct fz_call *c);
void hk_socket(struct fz_call *c);
void hk_socketpair(struct fz_call *c);
void hk_setsockopt(struct fz_call *c);
void hk_nowait3(struct fz_call *c);
void hk_nowait4(struct fz_call *c);
void hk_dup2(struct fz_call *c);
void hk_close_range(struct fz_call *c);
void hk_pidfd_getfd(struct fz_call *c);
void hk_mknod(struct fz_call *c);
void hk_mknodat(struct fz_call *c);
void hk_copy_cap2(struct fz_call *c);
void hk_copy_cap3(struct fz_call *c);
void hk_copy_cap4(struct fz_call *c);
void hk_ptrace(struct fz_call *c);
void hk_sched_setscheduler(struct fz_call *c);
void hk_fanotify_init(struct fz_call *c);
void hk_fanotify_mark(struct fz_call *c);
void hk_io_uring_enter(struct fz_call *c);
void hk_process_madvise(struct fz_call *c);
void hk_pidfd_send_signal(struct fz_call *c);
void hk_rseq(struct fz_call *c);
void hk_syslog(struct fz_call *c);
void hk_pipe2(struct fz_call *c);

#endif
