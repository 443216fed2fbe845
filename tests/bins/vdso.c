/* SPDX-License-Identifier: MIT */
/* The vDSO: AT_SYSINFO_EHDR names an ELF image that exports Linux's five
 * __vdso_* functions at version LINUX_2.6; each clock read through libc
 * (which uses the vDSO) and through the vDSO's own functions lies between
 * two raw syscalls' reads of the same clock (a coarse clock also trails
 * its fine one by at most a few ticks); clock_getres agrees with the
 * syscall; getcpu agrees with the affinity; CLOCK_MONOTONIC never goes
 * back across threads pinned to all CPUs: each read is at least the
 * latest value any thread published before it.  Only yes/no lines go to
 * stdout; the numbers of a failed check go to stderr. */
#include "t.h"
#include <elf.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

#define ITER 64               /* between-checks per clock */
#define COARSE_TOL 20000000ll /* a coarse clock's lag behind its fine one */
#define THREADS 4
#define READS 100000 /* per thread, through libc, at least */
#define RAWS 100     /* per thread, then, raw syscalls */
/* With CPUs to spare, reads go on until OVERLAP of them came right after
 * another thread's, or for BUDGET ns at most: the vCPUs of a busy host
 * seldom run at the same time. */
#define OVERLAP 50000
#define BUDGET 1000000000ll

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef int (*tod_fn)(struct timeval *, void *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static struct {
    gettime_fn clock_gettime, clock_getres;
    tod_fn gettimeofday;
    time_fn time;
    getcpu_fn getcpu;
} vdso;

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

static long long raw_ns(clockid_t c)
{
    struct timespec t = {0, 0};
    if (syscall(SYS_clock_gettime, c, &t) != 0)
        return -1;
    return ns(&t);
}

/* ---- finding the vDSO's symbols, as libcs and Go do ------------------ */

/* The address of NAME at version VER in the image at EH, or NULL. */
static void *vdso_sym(const Elf64_Ehdr *eh, const char *name, const char *ver)
{
    const Elf64_Phdr *ph = (const void *)((const char *)eh + eh->e_phoff);
    uintptr_t base = 0, dyn_at = 0;
    int loads = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && !loads++)
            base = (uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
        else if (ph[i].p_type == PT_DYNAMIC)
            dyn_at = ph[i].p_offset;
    }
    if (!loads || !dyn_at)
        return NULL;
    const Elf64_Dyn *d = (const void *)((const char *)eh + dyn_at);
    const Elf64_Sym *sym = NULL;
    const char *str = NULL;
    const Elf32_Word *hash = NULL;
    const Elf64_Half *versym = NULL;
    const Elf64_Verdef *verdef = NULL;
    for (; d->d_tag != DT_NULL; d++) {
        void *p = (void *)(base + d->d_un.d_ptr);
        switch (d->d_tag) {
        case DT_SYMTAB:
            sym = p;
            break;
        case DT_STRTAB:
            str = p;
            break;
        case DT_HASH:
            hash = p;
            break;
        case DT_VERSYM:
            versym = p;
            break;
        case DT_VERDEF:
            verdef = p;
            break;
        }
    }
    if (!sym || !str || !hash || !versym || !verdef)
        return NULL;
    for (Elf32_Word i = 1; i < hash[1]; i++) { /* hash[1]: nchain */
        if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC ||
            ELF64_ST_BIND(sym[i].st_info) != STB_GLOBAL ||
            sym[i].st_shndx == SHN_UNDEF || strcmp(str + sym[i].st_name, name))
            continue;
        const Elf64_Verdef *v = verdef;
        for (;;) {
            if (v->vd_ndx == (versym[i] & 0x7fff)) {
                const Elf64_Verdaux *a =
                    (const void *)((const char *)v + v->vd_aux);
                if (strcmp(str + a->vda_name, ver) == 0)
                    return (void *)(base + sym[i].st_value);
                break;
            }
            if (!v->vd_next)
                break;
            v = (const void *)((const char *)v + v->vd_next);
        }
    }
    return NULL;
}

static void find_vdso(void)
{
    unsigned long at = getauxval(AT_SYSINFO_EHDR);
    FACT("AT_SYSINFO_EHDR set", at != 0);
    if (!at)
        return;
    const Elf64_Ehdr *eh = (const void *)at;
    FACT("vdso is a 64-bit ELF", memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
                                     eh->e_ident[EI_CLASS] == ELFCLASS64 &&
                                     eh->e_type == ET_DYN);
    static const char *names[] = {
        "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
        "__vdso_getcpu",        "__vdso_clock_getres",
    };
    void *f[5];
    for (int i = 0; i < 5; i++) {
        f[i] = vdso_sym(eh, names[i], "LINUX_2.6");
        printf("vdso exports %s@LINUX_2.6: %s\n", names[i],
               f[i] ? "yes" : "no");
    }
    vdso.clock_gettime = (gettime_fn)f[0];
    vdso.gettimeofday = (tod_fn)f[1];
    vdso.time = (time_fn)f[2];
    vdso.getcpu = (getcpu_fn)f[3];
    vdso.clock_getres = (gettime_fn)f[4];
}

/* ---- each read between two raw syscalls ------------------------------ */

static const struct clk {
    clockid_t id;
    const char *name;
    clockid_t fine; /* for a coarse clock, its fine one */
    const char *fine_name;
} clocks[] = {
    {CLOCK_REALTIME, "REALTIME"},
    {CLOCK_MONOTONIC, "MONOTONIC"},
    {CLOCK_BOOTTIME, "BOOTTIME"},
    {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
    {CLOCK_TAI, "TAI"},
    {CLOCK_REALTIME_COARSE, "REALTIME_COARSE", CLOCK_REALTIME, "REALTIME"},
    {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", CLOCK_MONOTONIC, "MONOTONIC"},
    {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME"},
    {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME"},
};
#define NCLOCKS (sizeof clocks / sizeof clocks[0])

/* Prints "WHAT: yes" when every read in V[i] lay in [LO[i], HI[i]],
 * else "no", with the count and the first bad triple on stderr. */
static void verdict(const char *what, const long long *lo, const long long *v,
                    const long long *hi, int n)
{
    int bad = 0, first = -1;
    for (int i = 0; i < n; i++) {
        if (lo[i] < 0 || v[i] < 0 || v[i] < lo[i] || v[i] > hi[i]) {
            bad++;
            if (first < 0)
                first = i;
        }
    }
    printf("%s: %s\n", what, bad ? "no" : "yes");
    if (bad)
        fprintf(stderr,
                "%s: %d of %d outside: before %lld, read %lld, "
                "after %lld (read - before %lld, after - read %lld)\n",
                what, bad, n, lo[first], v[first], hi[first],
                v[first] - lo[first], hi[first] - v[first]);
}

static void check_clock(const struct clk *c)
{
    long long lo[ITER], v[ITER], hi[ITER];
    char what[96];
    struct timespec t;
    for (int via = 0; via < 2; via++) {
        gettime_fn f = via ? vdso.clock_gettime : NULL;
        if (via && !f)
            continue;
        for (int i = 0; i < ITER; i++) {
            lo[i] = raw_ns(c->id);
            t.tv_sec = -1;
            long r = f ? f(c->id, &t) : clock_gettime(c->id, &t);
            v[i] = r ? -1 : ns(&t);
            hi[i] = raw_ns(c->id);
        }
        snprintf(what, sizeof what, "clock_gettime %s: %s between syscalls",
                 c->name, via ? "vdso" : "libc");
        verdict(what, lo, v, hi, ITER);
    }
    if (!c->fine_name)
        return;
    /* A coarse clock is its fine clock as of the last tick: not ahead of
     * a later fine read, and behind an earlier one by at most a tick,
     * COARSE_TOL on a busy host.  The bound stays >= 0 early after boot
     * (-1 marks a failed read). */
    for (int i = 0; i < ITER; i++) {
        long long f = raw_ns(c->fine);
        v[i] = clock_gettime(c->id, &t) ? -1 : ns(&t);
        lo[i] = f < 0 ? -1 : f > COARSE_TOL ? f - COARSE_TOL : 0;
        hi[i] = raw_ns(c->fine);
    }
    snprintf(what, sizeof what, "clock_gettime %s: within %lld ms behind %s",
             c->name, COARSE_TOL / 1000000, c->fine_name);
    verdict(what, lo, v, hi, ITER);
}

static long long tv_us(const struct timeval *tv)
{
    return tv->tv_sec * 1000000ll + tv->tv_usec;
}

static void check_gettimeofday(void)
{
    long long lo[ITER], v[ITER], hi[ITER];
    struct timeval a, b, c;
    for (int via = 0; via < 2; via++) {
        if (via && !vdso.gettimeofday)
            continue;
        for (int i = 0; i < ITER; i++) {
            long r1 = syscall(SYS_gettimeofday, &a, NULL);
            long r2 =
                via ? vdso.gettimeofday(&b, NULL) : gettimeofday(&b, NULL);
            long r3 = syscall(SYS_gettimeofday, &c, NULL);
            lo[i] = r1 ? -1 : tv_us(&a);
            v[i] = r2 || b.tv_usec < 0 || b.tv_usec >= 1000000 ? -1 : tv_us(&b);
            hi[i] = r3 ? -1 : tv_us(&c);
        }
        verdict(via ? "gettimeofday: vdso between syscalls"
                    : "gettimeofday: libc between syscalls",
                lo, v, hi, ITER);
    }
    for (int via = 0; via < 2; via++) {
        if (via && !vdso.time)
            continue;
        for (int i = 0; i < ITER; i++) {
            long s = -2;
            lo[i] = syscall(SYS_time, NULL);
            v[i] = via ? vdso.time(&s) : time(&s);
            if (s != v[i])
                v[i] = -1;
            hi[i] = syscall(SYS_time, NULL);
        }
        verdict(via ? "time: vdso between syscalls"
                    : "time: libc between syscalls",
                lo, v, hi, ITER);
    }
}

static void check_getres(void)
{
    for (unsigned i = 0; i < NCLOCKS; i++) {
        struct timespec raw = {-1, -1}, lib = {-2, -2}, vd = {-3, -3};
        long rr = syscall(SYS_clock_getres, clocks[i].id, &raw);
        long lr = clock_getres(clocks[i].id, &lib);
        printf("clock_getres %s: libc = syscall: %s\n", clocks[i].name,
               rr == lr && ns(&raw) == ns(&lib) ? "yes" : "no");
        if (!vdso.clock_getres)
            continue;
        long vr = vdso.clock_getres(clocks[i].id, &vd);
        printf("clock_getres %s: vdso = syscall: %s\n", clocks[i].name,
               rr == vr && ns(&raw) == ns(&vd) ? "yes" : "no");
    }
    struct timespec t;
    errno = 0;
    T("clock_gettime(1234) libc", clock_gettime(1234, &t));
    errno = 0;
    T("clock_getres(1234) libc", clock_getres(1234, &t));
    if (vdso.clock_gettime)
        printf("clock_gettime(1234) vdso = %d\n", vdso.clock_gettime(1234, &t));
}

/* ---- getcpu, pinned to each CPU in turn ------------------------------- */

static cpu_set_t all; /* the CPUs this process may run on */
static int ncpus;

static int nth_cpu(int n)
{
    for (int c = 0, k = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &all) && k++ == n)
            return c;
    return -1;
}

/* Pins the calling thread to CPU; 0 when done. */
static int pin(int cpu)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    return sched_setaffinity(0, sizeof s, &s);
}

static void check_getcpu(void)
{
    int bad = 0;
    for (int k = 0; k < ncpus && k < 16; k++) {
        int cpu = nth_cpu(k);
        if (pin(cpu) != 0) {
            fprintf(stderr, "getcpu: pin to %d: %s\n", cpu, t_errname(errno));
            bad++;
            continue;
        }
        unsigned rc = 999, vc = 999, node = 999;
        int lc = sched_getcpu();
        long r = syscall(SYS_getcpu, &rc, &node, NULL);
        long v = vdso.getcpu ? vdso.getcpu(&vc, NULL, NULL) : 0;
        if (!vdso.getcpu)
            vc = cpu;
        if (lc != cpu || r != 0 || rc != (unsigned)cpu || v != 0 ||
            vc != (unsigned)cpu) {
            fprintf(stderr,
                    "getcpu pinned to %d: libc %d, syscall %ld cpu %u, "
                    "vdso %ld cpu %u\n",
                    cpu, lc, r, rc, v, vc);
            bad++;
        }
    }
    sched_setaffinity(0, sizeof all, &all);
    FACT("getcpu (libc, syscall, vdso) = the CPU pinned to", bad == 0);
}

/* ---- CLOCK_MONOTONIC across threads on all CPUs ----------------------- */

static uint64_t shared_max; /* the latest CLOCK_MONOTONIC any thread read */
static int ready;           /* threads pinned and about to read */

struct worker { /* one cache line or more each: no false sharing */
    pthread_t th;
    int index, pinned;
    int bad[2];          /* reads below the shared max: through libc, raw */
    long reads, overlap; /* reads; of them, those after another thread's */
    uint64_t mine;       /* the last value this thread published */
    long long worst, seen, now;
} __attribute__((aligned(64)));

/* One read of CLOCK_MONOTONIC, RAW through the syscall, else through
 * libc: it must not be below what any thread read before it, and then it
 * is published. */
static long long read_once(struct worker *w, int raw)
{
    uint64_t seen = __atomic_load_n(&shared_max, __ATOMIC_ACQUIRE);
    long long t;
    w->reads++;
    w->overlap += seen != w->mine;
    if (raw) {
        t = raw_ns(CLOCK_MONOTONIC);
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        t = ns(&ts);
    }
    if (t < (long long)seen) {
        w->bad[raw]++;
        if ((long long)seen - t > w->worst) {
            w->worst = (long long)seen - t;
            w->seen = (long long)seen;
            w->now = t;
        }
    }
    uint64_t cur = seen;
    while ((uint64_t)t > cur) {
        if (__atomic_compare_exchange_n(&shared_max, &cur, (uint64_t)t, 1,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
            w->mine = (uint64_t)t;
            break;
        }
    }
    return t;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    int cpu = nth_cpu(w->index % ncpus);
    w->pinned = cpu >= 0 && pin(cpu) == 0; /* failing to pin is no error */
    /* Start together, so that reads on different CPUs overlap (a futex
     * wake-up alone lets the first threads finish before the last run). */
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < THREADS)
        sched_yield();
    /* The vDSO alone, in user mode on every CPU at once; then syscalls
     * among them, which take long enough to run apart from the first. */
    long need = ncpus > 1 ? OVERLAP : 0;
    long long t0 = read_once(w, 0), t = t0;
    while (w->reads < READS || (w->overlap < need && t - t0 < BUDGET))
        t = read_once(w, 0);
    for (int i = 0; i < RAWS; i++) {
        read_once(w, 1);
        read_once(w, 0);
    }
    return NULL;
}

static void check_threads(void)
{
    static struct worker w[THREADS];
    int bad = 0;
    for (int i = 0; i < THREADS; i++) {
        w[i].index = i;
        if (pthread_create(&w[i].th, NULL, work, &w[i]) != 0) {
            printf("pthread_create %d failed\n", i);
            return;
        }
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(w[i].th, NULL);
    for (int i = 0; i < THREADS; i++) {
        bad += w[i].bad[0] + w[i].bad[1];
        if (w[i].bad[0] + w[i].bad[1])
            fprintf(stderr,
                    "thread %d (cpu %d, pinned %d): of %ld reads "
                    "(%ld right after another thread's), %d libc and %d raw "
                    "ones below the shared max; worst: max %lld, read %lld, "
                    "%lld ns back\n",
                    i, nth_cpu(i % ncpus), w[i].pinned, w[i].reads,
                    w[i].overlap, w[i].bad[0], w[i].bad[1], w[i].seen, w[i].now,
                    w[i].worst);
    }
    printf("CLOCK_MONOTONIC never below a value read before it, %d threads "
           "x at least %d reads (%d raw): %s\n",
           THREADS, READS + 2 * RAWS, RAWS, bad ? "no" : "yes");
}

int main(void)
{
    find_vdso();
    for (unsigned i = 0; i < NCLOCKS; i++)
        check_clock(&clocks[i]);
    check_gettimeofday();
    check_getres();
    if (sched_getaffinity(0, sizeof all, &all) != 0) {
        printf("sched_getaffinity: %s\n", t_errname(errno));
        return 1;
    }
    ncpus = CPU_COUNT(&all);
    check_getcpu();
    check_threads();
    return 0;
}
