// SPDX-License-Identifier: MIT
/*
 * Arguments that are structs the fuzzer lays out itself, in the structs
 * pages of the zone, rebuilt before each use: whatever in them would make
 * a call block forever, send a fatal signal or write through a pointer is
 * kept safe.  Arrays that the kernel writes through (iovecs, msghdr
 * vectors) end at the guard page, so a count beyond them faults.
 */
#define _GNU_SOURCE
#include "sysfuzz.h"
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define SLOT 512
enum {
    S_TIMEOUT,
    S_ADDR,
    S_IOV_READ,
    S_MSG,
    S_MMSG = S_MSG + 2,
    S_SIGACT = S_MMSG + 2,
    S_SIGEV,
    S_RLIM,
    S_SCHED,
    S_HOW,
    S_MQ,
    S_NSLOTS
};
#define TAIL_SIZE 1024 /* the last bytes: arrays written through */

static uint64_t last_len;

static void *slot(int i)
{
    void *p = fz_mem.structs + i * SLOT;
    memset(p, 0, SLOT);
    return p;
}

/* n bytes that end where the structs pages end. */
static void *tail(size_t n)
{
    return fz_mem.structs + fz_mem.structs_len - n;
}

/* A count for an array of n entries: mostly n or fewer, sometimes one the
 * kernel must refuse, sometimes with high bits an int count drops. */
static uint64_t count_of(uint64_t n)
{
    static const uint64_t bad[] = {1025, ~0ULL, 0x80000000, 1ULL << 62,
                                   0xffffffff};
    if (rng_chance(10))
        return RNG_PICK(bad);
    uint64_t c = rng_chance(70) ? n : rng_below(n + 1);
    if (rng_chance(5))
        c |= 0x100000000ULL;
    return c;
}

uint64_t st_len(void)
{
    return last_len;
}

uint64_t st_timeout(void)
{
    if (rng_chance(10))
        return mem_dead_ptr() | 1; /* never NULL */
    if (rng_chance(5))
        return (uint64_t)fz_mem.ro0; /* zeros */
    int64_t *t = slot(S_TIMEOUT);
    switch (rng_below(8)) {
    case 0:
        t[0] = -1;
        break;
    case 1:
        t[1] = 1000000000;
        break;
    case 2:
        t[1] = -1;
        break;
    case 3:
        t[0] = 0x7fffffffffffffffLL;
        t[1] = 1000000000;
        break;
    default:
        t[1] = (int64_t)rng_below(1001); /* 1 us as ns, 1 ms as us */
    }
    return (uint64_t)t;
}

uint64_t st_sockaddr(void)
{
    if (rng_chance(10)) {
        last_len = 16;
        return mem_dead_ptr();
    }
    uint8_t *a = slot(S_ADDR);
    uint16_t port = rng_chance(50) ? 4242 : (uint16_t)rng_next();
    uint64_t len;
    switch (rng_below(7)) {
    case 0:
    case 1: /* AF_UNIX, a path under /tmp or abstract */
        a[0] = AF_UNIX;
        strcpy((char *)a + 2 + rng_below(2), "/tmp/sysfuzz/sock");
        len = 2 + 18 + rng_below(2);
        break;
    case 2:
    case 3: /* 127.0.0.1 or 0.0.0.0 (both stay on this machine) */
        a[0] = AF_INET;
        a[2] = port >> 8;
        a[3] = port & 0xff;
        if (rng_chance(70)) {
            a[4] = 127;
            a[7] = 1;
        }
        len = 16;
        break;
    case 4: /* ::1, :: or ::ffff:127.0.0.1 */
        a[0] = 10;
        a[2] = port >> 8;
        a[3] = port & 0xff;
        if (rng_chance(50)) {
            a[23] = 1;
        } else if (rng_chance(50)) {
            a[18] = a[19] = 0xff;
            a[20] = 127;
            a[23] = 1;
        }
        len = 28;
        break;
    case 5: /* netlink to the kernel */
        a[0] = 16;
        len = 12;
        break;
    default: /* AF_UNSPEC: disconnects */
        len = 16;
        break;
    }
    static const uint64_t odd[] = {0,   1,   2,   3,     8,         110,
                                   111, 128, 129, ~0ULL, 0x80000000};
    last_len = rng_chance(80) ? len : RNG_PICK(odd);
    return (uint64_t)a;
}

static void fill_iov(struct iovec *v, unsigned n, int write)
{
    for (unsigned i = 0; i < n; i++) {
        v[i].iov_base = (void *)(write ? mem_out_ptr() : mem_in_ptr());
        v[i].iov_len = rng_chance(60) ? 1 + rng_below(600) : val_size();
    }
}

uint64_t st_iov(int write)
{
    unsigned n = rng_below(9);
    struct iovec *v = write ? tail(n * sizeof(*v)) : slot(S_IOV_READ);
    fill_iov(v, n, write);
    last_len = count_of(n);
    if (rng_chance(5)) {
        last_len = n;
        return mem_dead_ptr();
    }
    return (uint64_t)v;
}

/* A msghdr at p with n iovs at iovs (recv: the kernel writes through
 * them); a control message goes in ctl (64 bytes), or none when NULL. */
static struct msghdr *msghdr_at(void *p, struct iovec *iovs, unsigned n,
                                int recv, uint8_t *ctl)
{
    struct msghdr *m = p;
    memset(m, 0, sizeof(*m));
    fill_iov(iovs, n, recv);
    m->msg_iov = iovs;
    m->msg_iovlen = rng_chance(90) ? n : count_of(n);
    if ((m->msg_iovlen & 0xffffffff) > n && m->msg_iovlen <= 1024)
        m->msg_iovlen = n; /* beyond the array would be garbage */
    if (rng_chance(40)) {
        m->msg_name = (void *)(recv ? mem_out_ptr() : st_sockaddr());
        m->msg_namelen = recv ? val_size() : last_len;
    }
    if (rng_chance(40) && (recv || ctl)) {
        uint8_t *c = ctl;
        if (recv) {
            m->msg_control = (void *)mem_out_ptr();
        } else if (rng_chance(80)) {
            struct cmsghdr *h = (struct cmsghdr *)c;
            int nfd = 1 + rng_below(3);
            h->cmsg_len = CMSG_LEN(nfd * sizeof(int));
            h->cmsg_level = SOL_SOCKET;
            h->cmsg_type = rng_chance(80) ? SCM_RIGHTS : SCM_CREDENTIALS;
            for (int i = 0; i < nfd; i++)
                ((int *)CMSG_DATA(h))[i] = (int)fds_arg(0);
            m->msg_control = c;
        } else {
            m->msg_control = (void *)mem_dead_ptr();
        }
        m->msg_controllen = rng_chance(70) ? 64 : val_size();
    }
    m->msg_flags = (int)val_flags();
    return m;
}

uint64_t st_msghdr(int recv)
{
    if (rng_chance(5))
        return mem_dead_ptr();
    unsigned n = rng_below(5);
    uint8_t *more = slot(S_MSG + 1);
    struct iovec *iovs =
        recv ? tail(n * sizeof(*iovs)) : (struct iovec *)(more + SLOT - 128);
    return (uint64_t)msghdr_at(slot(S_MSG), iovs, n, recv, more);
}

uint64_t st_mmsg(int recv)
{
    unsigned n = 1 + rng_below(3);
    struct mmsghdr *v = tail(n * sizeof(*v));
    uint8_t *iov_area = slot(S_MMSG);
    slot(S_MMSG + 1);
    for (unsigned i = 0; i < n; i++) {
        struct iovec *iovs = (struct iovec *)(iov_area + i * 64);
        msghdr_at(&v[i].msg_hdr, iovs, 2, recv, NULL);
        v[i].msg_len = 0;
    }
    last_len = count_of(n);
    if ((last_len & 0xffffffff) > n && (last_len & 0xffffffff) <= 1024)
        last_len = n;
    return (uint64_t)v;
}

uint64_t st_sigaction(int sig)
{
    if (rng_chance(10))
        return mem_dead_ptr();
    uint64_t *a = slot(S_SIGACT);
    /* SIG_DFL only where the default is to ignore, or for the signals
     * only a fault sends (and the fuzzer does not fault). */
    int dfl_ok = sig == 17 || sig == 18 || sig == 23 || sig == 28 ||
                 !sig_safe(sig) || sig <= 0 || sig > 64;
    a[0] = dfl_ok && rng_chance(50) ? 0 : 1;
    a[1] = val_flags();
    a[2] = val_any();
    a[3] = rng_next();
    return (uint64_t)a;
}

uint64_t st_sigevent(void)
{
    if (rng_chance(10))
        return rng_chance(50) ? 0 : mem_dead_ptr();
    int32_t *e = slot(S_SIGEV);
    static const uint64_t notify[] = {0, 1, 2, 4, 3, 5, 0x7fffffff};
    *(uint64_t *)e = rng_next();
    e[2] = (int32_t)val_sig();
    e[3] = (int32_t)RNG_PICK(notify);
    e[4] = rng_chance(50) ? (int32_t)val_pid() : 1;
    return (uint64_t)e;
}

uint64_t st_rlimit(void)
{
    if (rng_chance(15))
        return rng_chance(50) ? 0 : mem_in_ptr();
    uint64_t *r = slot(S_RLIM);
    static const uint64_t lims[] = {0,    1,     3,          64,    1024,
                                    4096, 65536, 1ULL << 20, ~0ULL, 0x7fffffff};
    r[0] = RNG_PICK(lims);
    r[1] = rng_chance(70) ? ~0ULL : RNG_PICK(lims);
    return (uint64_t)r;
}

uint64_t st_sembuf(void)
{
    unsigned n = 1 + rng_below(4);
    int16_t *b = tail(n * 6);
    for (unsigned i = 0; i < n; i++) {
        b[3 * i] = (int16_t)rng_below(4);
        b[3 * i + 1] =
            (int16_t)(rng_chance(70) ? rng_below(5) - 2 : rng_next());
        b[3 * i + 2] = (int16_t)(04000 | (rng_next() & 010000)); /* NOWAIT */
    }
    last_len = count_of(n);
    if ((last_len & 0xffffffff) > n && (last_len & 0xffffffff) <= 500)
        last_len = n;
    return (uint64_t)b;
}

uint64_t st_sched_attr(void)
{
    if (rng_chance(10))
        return mem_dead_ptr();
    uint32_t *a = slot(S_SCHED);
    static const uint64_t sizes[] = {0, 48, 56, 64, 8, 4096, 0xffffffff};
    static const uint64_t pols[] = {0, 1, 2, 3, 5, 7, 0x40000000, 99};
    a[0] = (uint32_t)RNG_PICK(sizes);
    a[1] = (uint32_t)RNG_PICK(pols); /* never SCHED_DEADLINE (6) */
    *(uint64_t *)&a[2] = rng_next() & 0x7f;
    a[4] = (uint32_t)(rng_below(41) - 20);
    a[5] = (uint32_t)rng_below(100);
    a[12] = (uint32_t)rng_below(1025);
    a[13] = (uint32_t)rng_below(1025);
    return (uint64_t)a;
}

uint64_t st_open_how(void)
{
    static const uint64_t sizes[] = {24, 24, 24, 0, 8, 32, 4096, ~0ULL};
    last_len = RNG_PICK(sizes);
    if (rng_chance(5))
        return mem_dead_ptr();
    uint64_t *h = slot(S_HOW);
    h[0] = (val_flags() & 0xffffffffULL) | 04000; /* O_NONBLOCK */
    h[1] = val_mode();
    h[2] = rng_chance(50) ? 0 : rng_next() & 0x3f;
    return (uint64_t)h;
}

uint64_t st_mq_attr(void)
{
    if (rng_chance(20))
        return rng_chance(50) ? 0 : mem_dead_ptr();
    int64_t *a = slot(S_MQ);
    a[0] = 04000 | (rng_chance(20) ? (int64_t)val_flags() : 0);
    a[1] = (int64_t)(rng_chance(70) ? 1 + rng_below(10) : val_size());
    a[2] = (int64_t)(rng_chance(70) ? 1 + rng_below(8192) : val_size());
    return (uint64_t)a;
}

uint64_t st_futex_addr(void)
{
    uint64_t s = (uint64_t)fz_mem.scratch;
    switch (rng_below(10)) {
    case 0:
        return mem_dead_ptr();
    case 1:
        return s + 1 + rng_below(3);
    case 2:
        return (uint64_t)fz_mem.ro0;
    default:
        return s + 4 * rng_below(64);
    }
}

uint64_t st_fd_pair(void)
{
    uint64_t s = (uint64_t)fz_mem.scratch;
    switch (rng_below(10)) {
    case 0:
        return mem_dead_ptr();
    case 1:
        return (uint64_t)fz_mem.ro0; /* read-only: EFAULT, fds closed */
    case 2:
        return s + fz_mem.scratch_len - 4; /* the second fd faults */
    case 3:
        return s + 1 + rng_below(7);
    default:
        return s + 8 * rng_below(64);
    }
}
