/* SPDX-License-Identifier: MIT */
/*
 * Workload of bench/threads: the cost of thread and wake-up operations,
 * measured inside the program with clock_gettime (a vDSO call in the
 * unikernel, so the clock itself makes no syscall).
 *
 *   threads_work ops ITERS
 *     create_join NS   pthread_create of a thread that returns at once,
 *                      then pthread_join; mean ns per pair
 *     futex_wake NS    thread A does FUTEX_WAKE on a word thread B sleeps
 *                      on in FUTEX_WAIT; ns from just before the wake until
 *                      B runs again; median of the wakes that found B
 *                      asleep (FUTEX_WAKE returned 1)
 *     pipe_rtt NS      one byte from A to B over one pipe and back over
 *                      another; mean ns per round trip
 *     calib NS         ns per million instructions of a loop of a known
 *                      length, so that bench/threads can turn ns into
 *                      guest instructions under QEMU's -icount (where the
 *                      guest's TSC counts instructions, and the kernel
 *                      scales it by the host's TSC rate)
 *   threads_work cpu NTHREADS MILLIONS
 *     cpu NS           wall-clock ns for NTHREADS threads, each doing
 *                      MILLIONS million rounds of integer work with no
 *                      syscalls, from the first create to the last join
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

#define CALIB_ITERS 1000000L
#define CALIB_INSNS (2 * CALIB_ITERS) /* dec + jnz per iteration */
#define SETTLE_NS 20000 /* A's sleep so that B is asleep before the wake */

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void fail(const char *what)
{
    perror(what);
    exit(1);
}

static long futex(atomic_int *w, int op, int val)
{
    return syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* 1. Thread create + join. */
static void *nothing(void *arg)
{
    return arg;
}

static double create_join(long iters)
{
    pthread_t t;
    double t0 = now_ns();
    for (long i = 0; i < iters; i++)
        if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
            fail("pthread_create/join");
    return (now_ns() - t0) / iters;
}

/* 2. Futex wake-to-run.  turn is 1 when it is B's turn, 2 when A's, 3 to
 * stop; B stores the latency of each wake in lat. */
static atomic_int turn = 2;
static _Atomic double wake_t0, lat;

static void *futex_b(void *arg)
{
    (void)arg;
    for (;;) {
        while (atomic_load(&turn) == 2)
            futex(&turn, FUTEX_WAIT, 2);
        if (atomic_load(&turn) == 3)
            return NULL;
        atomic_store(&lat, now_ns() - atomic_load(&wake_t0));
        atomic_store(&turn, 2);
        futex(&turn, FUTEX_WAKE, 1);
    }
}

static double futex_wake(long iters)
{
    pthread_t b;
    double *v = calloc(iters, sizeof(*v));
    long n = 0;
    if (!v || pthread_create(&b, NULL, futex_b, NULL))
        fail("futex_wake setup");
    for (long i = 0; i < iters; i++) {
        /* Let B reach FUTEX_WAIT: sleep, so that B runs on one CPU too
         * (a yield is not enough under Linux's CFS when B has run more). */
        struct timespec settle = {0, SETTLE_NS};
        nanosleep(&settle, NULL);
        atomic_store(&wake_t0, now_ns());
        atomic_store(&turn, 1);
        long woke = futex(&turn, FUTEX_WAKE, 1);
        while (atomic_load(&turn) == 1)
            futex(&turn, FUTEX_WAIT, 1);
        if (woke == 1) /* else B was not asleep: not a wake-up latency */
            v[n++] = atomic_load(&lat);
    }
    atomic_store(&turn, 3);
    futex(&turn, FUTEX_WAKE, 1);
    pthread_join(b, NULL);
    if (n < iters / 2)
        fprintf(stderr, "futex_wake: only %ld of %ld wakes found B asleep\n", n,
                iters);
    if (!n)
        fail("futex_wake: B never asleep");
    qsort(v, n, sizeof(*v), cmp);
    double med = v[n / 2];
    free(v);
    return med;
}

/* 3. Pipe ping-pong: A writes to ab, B echoes it back over ba. */
static int ab[2], ba[2];

static void *pipe_b(void *arg)
{
    char c;
    (void)arg;
    while (read(ab[0], &c, 1) == 1)
        if (write(ba[1], &c, 1) != 1)
            fail("pipe write (B)");
    return NULL;
}

static double pipe_rtt(long iters)
{
    pthread_t b;
    char c = 'x';
    if (pipe(ab) || pipe(ba) || pthread_create(&b, NULL, pipe_b, NULL))
        fail("pipe setup");
    double t0 = now_ns();
    for (long i = 0; i < iters; i++)
        if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
            fail("pipe ping-pong");
    double t = (now_ns() - t0) / iters;
    close(ab[1]); /* B reads EOF and returns */
    pthread_join(b, NULL);
    close(ab[0]), close(ba[0]), close(ba[1]);
    return t;
}

/* ns per million instructions, from a loop of a known number of them
 * (the only assembly here: C gives no such guarantee). */
static double calib(void)
{
    long n = CALIB_ITERS;
    double t0 = now_ns();
    __asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n));
    return (now_ns() - t0) * 1e6 / CALIB_INSNS;
}

/* 4. CPU-bound: xorshift rounds on registers, one result per cache line. */
static long rounds;
static struct {
    volatile unsigned long v; /* read by no one: volatile keeps the work */
    char pad[56];
} result[64];

static void *cpu_work(void *arg)
{
    long id = (long)arg;
    unsigned long x = 88172645463325252UL + id;
    for (long i = 0; i < rounds; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    result[id].v = x;
    return NULL;
}

static double cpu(int nthreads)
{
    pthread_t t[64];
    double t0 = now_ns();
    for (long i = 0; i < nthreads; i++)
        if (pthread_create(&t[i], NULL, cpu_work, (void *)i))
            fail("pthread_create (cpu)");
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    return now_ns() - t0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "ops") && atol(argv[2]) > 0) {
        long iters = atol(argv[2]);
        printf("create_join %.0f\n", create_join(iters));
        printf("futex_wake %.0f\n", futex_wake(iters));
        printf("pipe_rtt %.0f\n", pipe_rtt(iters));
        printf("calib %.0f\n", calib());
    } else if (argc == 4 && !strcmp(argv[1], "cpu") && atoi(argv[2]) > 0 &&
               atoi(argv[2]) <= 64 && atol(argv[3]) > 0) {
        rounds = atol(argv[3]) * 1000000L;
        printf("cpu %.0f\n", cpu(atoi(argv[2])));
    } else {
        fprintf(stderr, "usage: threads_work ops ITERS | "
                        "threads_work cpu NTHREADS MILLIONS\n");
        return 2;
    }
    return 0;
}
