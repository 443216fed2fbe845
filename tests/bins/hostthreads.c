/* SPDX-License-Identifier: MIT */
/*
 * Threads using one host directory at once: hostthreads DIR.  The runner
 * makes DIR (tests/hostdir/make-fixture) and mounts it -v DIR:DIR:rw.
 * While the host serves a read() or write(), the task sleeps and others
 * run (kernel/fs/p9.h), so each round checks what must still hold:
 *  - four threads pwrite their own quarter of a file at once, in pieces
 *    that cross page edges, while a fifth makes syscalls all along;
 *  - four threads read() one open file until its end: the pieces they
 *    get cover the file exactly once (the position moves atomically);
 *  - four threads pread() pieces all over it while another faults in a
 *    private mapping of it: every byte is the one written;
 *  - one thread reads a mapping of it while another keeps replacing the
 *    mapping (MAP_FIXED) by the file again or by anonymous memory: every
 *    word read is its offset or 0, never another page's.
 * Each 8-byte word of the file holds its own offset, so a piece says
 * where it came from.
 */
#include "thr.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mman.h>

#define NT 4
#define SIZE (512 * 1024)
#define PIECE 20488 /* not a multiple of the page size */
#define RPIECE 12288
#define ROUNDS 3

static const char *path;
static int fd;
static volatile int stop;
static long bad[NT + 1];

/* Fill buf with the words of offsets [off, off + n) (n a multiple of 8). */
static void pattern(uint64_t *buf, uint64_t off, size_t n)
{
    for (size_t i = 0; i < n / 8; i++)
        buf[i] = off + 8 * i;
}

static long check(const uint64_t *buf, uint64_t off, size_t n)
{
    long wrong = 0;
    for (size_t i = 0; i < n / 8; i++)
        wrong += buf[i] != off + 8 * i;
    return wrong;
}

/* Syscalls all along, never yielding: with one CPU, a reader the host's
 * answer wakes must still run soon (virtio_irq asks for a switch). */
static void *busy(void *a)
{
    while (!stop)
        getppid();
    return a;
}

static void *writer(void *a)
{
    long k = (long)a;
    static uint64_t bufs[NT][PIECE / 8];
    uint64_t lo = (uint64_t)k * SIZE / NT, hi = lo + SIZE / NT;
    for (uint64_t off = lo; off < hi; off += PIECE) {
        size_t n = (size_t)(hi - off < PIECE ? hi - off : PIECE);
        pattern(bufs[k], off, n);
        if (pwrite(fd, bufs[k], n, (off_t)off) != (ssize_t)n)
            bad[k]++;
    }
    return NULL;
}

/* The pieces read() gave, by thread: offset (from the first word). */
static uint64_t got_off[NT][SIZE / RPIECE + 2];
static size_t got_len[NT][SIZE / RPIECE + 2];
static int ngot[NT];

static void *reader(void *a)
{
    long k = (long)a;
    static uint64_t bufs[NT][RPIECE / 8];
    ssize_t n;
    ngot[k] = 0;
    while ((n = read(fd, bufs[k], RPIECE)) > 0) {
        if (n % 8) {
            bad[k]++;
            break;
        }
        got_off[k][ngot[k]] = bufs[k][0];
        got_len[k][ngot[k]++] = (size_t)n;
        bad[k] += check(bufs[k], bufs[k][0], (size_t)n);
    }
    if (n < 0)
        bad[k]++;
    return NULL;
}

static void *preader(void *a)
{
    long k = (long)a;
    static uint64_t bufs[NT][RPIECE / 8];
    uint32_t x = 12345u + (uint32_t)k;
    for (int i = 0; i < 48; i++) {
        x = x * 1103515245u + 12345u;
        uint64_t off = (x >> 8) % (SIZE / 8) * 8;
        size_t n = off + RPIECE > SIZE ? SIZE - off : RPIECE;
        if (pread(fd, bufs[k], n, (off_t)off) != (ssize_t)n)
            bad[k]++;
        else
            bad[k] += check(bufs[k], off, n);
    }
    return NULL;
}

static void *mapper(void *a)
{
    int mfd = open(path, O_RDONLY);
    uint64_t *m = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, mfd, 0);
    if (m == MAP_FAILED) {
        bad[NT]++;
        return a;
    }
    bad[NT] += check(m, 0, SIZE);
    munmap(m, SIZE);
    close(mfd);
    return a;
}

/* The mapping that replacer swaps under toucher. */
#define SWAP (32 * 4096)
static uint64_t *volatile swap_at;
static volatile int swapping;

static void *toucher(void *a)
{
    while (swapping) {
        const volatile uint64_t *m = swap_at;
        for (size_t i = 0; i < SWAP / 8; i += 64) {
            uint64_t w = m[i];
            bad[0] += w != 0 && w != 8 * i;
        }
        sched_yield();
    }
    return a;
}

static void replacer(void)
{
    int mfd = open(path, O_RDONLY);
    pthread_t t;
    swap_at = mmap(NULL, SWAP, PROT_READ, MAP_PRIVATE, mfd, 0);
    swapping = 1;
    pthread_create(&t, NULL, toucher, NULL);
    for (int i = 0; i < 20; i++) {
        void *m = i % 2 ? mmap(swap_at, SWAP, PROT_READ, MAP_PRIVATE | MAP_FIXED, mfd, 0)
                        : mmap(swap_at, SWAP, PROT_READ,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (m != swap_at)
            bad[1]++;
        sched_yield();
    }
    swapping = 0;
    pthread_join(t, NULL);
    munmap(swap_at, SWAP);
    close(mfd);
}

static void run(void *(*fn)(void *), bool with_mapper)
{
    pthread_t t[NT + 1];
    for (long k = 0; k < NT; k++)
        pthread_create(&t[k], NULL, fn, (void *)k);
    if (with_mapper)
        pthread_create(&t[NT], NULL, mapper, NULL);
    for (int k = 0; k < NT; k++)
        pthread_join(t[k], NULL);
    if (with_mapper)
        pthread_join(t[NT], NULL);
}

static long total_bad(void)
{
    long b = 0;
    for (int k = 0; k <= NT; k++)
        b += bad[k], bad[k] = 0;
    return b;
}

/* Whether the pieces of all readers tile [0, SIZE) exactly once. */
static bool tiles(void)
{
    static unsigned char seen[SIZE / 8];
    memset(seen, 0, sizeof seen);
    for (int k = 0; k < NT; k++)
        for (int i = 0; i < ngot[k]; i++)
            for (size_t w = 0; w < got_len[k][i] / 8; w++) {
                uint64_t at = got_off[k][i] / 8 + w;
                if (at >= SIZE / 8 || seen[at]++)
                    return false;
            }
    for (size_t w = 0; w < SIZE / 8; w++)
        if (!seen[w])
            return false;
    return true;
}

int main(int argc, char **argv)
{
    static char name[4096];
    pthread_t b;
    if (argc < 2)
        return 2;
    alarm(60);
    snprintf(name, sizeof name, "%s/threads.dat", argv[1]);
    path = name;
    pthread_create(&b, NULL, busy, NULL);
    for (int round = 0; round < ROUNDS; round++) {
        unlink(path);
        fd = open(path, O_RDWR | O_CREAT, 0644);
        run(writer, false);
        printf("round %d: pwrite by %d threads: %ld wrong\n", round, NT, total_bad());
        lseek(fd, 0, SEEK_SET);
        run(reader, false);
        printf("round %d: read() by %d threads: %ld wrong, pieces tile the file: %s\n",
               round, NT, total_bad(), tiles() ? "yes" : "no");
        run(preader, true);
        printf("round %d: pread() and a mapping: %ld wrong\n", round, total_bad());
        replacer();
        printf("round %d: a mapping replaced under faults: %ld wrong\n", round, total_bad());
        close(fd);
    }
    stop = 1;
    pthread_join(b, NULL);
    unlink(path);
    return 0;
}
