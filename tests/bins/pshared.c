/* SPDX-License-Identifier: MIT */
/*
 * Process-shared synchronisation in MAP_SHARED memory across fork: a
 * mutex both processes take many times (with yields, so they contend and
 * sleep on the futex), a semaphore ping-pong, and a condition variable;
 * the futexes of the two processes must meet (shared futex keys).
 */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 2000
#define PINGS 200

struct shared {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    sem_t ping, pong;
    long counter;
    int ready;
};

static void work(struct shared *s)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&s->lock);
        long v = s->counter;
        if (i % 64 == 0)
            sched_yield(); /* the other side finds it locked */
        s->counter = v + 1;
        pthread_mutex_unlock(&s->lock);
    }
}

int main(void)
{
    struct shared *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->lock, &ma);
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&s->cond, &ca);
    sem_init(&s->ping, 1, 0);
    sem_init(&s->pong, 1, 0);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        work(s);
        for (int i = 0; i < PINGS; i++) {
            sem_wait(&s->ping);
            sem_post(&s->pong);
        }
        pthread_mutex_lock(&s->lock);
        s->ready = 1;
        pthread_cond_signal(&s->cond);
        pthread_mutex_unlock(&s->lock);
        _exit(0);
    }
    work(s);
    int pongs = 0;
    for (int i = 0; i < PINGS; i++) {
        sem_post(&s->ping);
        pongs += sem_wait(&s->pong) == 0;
    }
    pthread_mutex_lock(&s->lock);
    while (!s->ready)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
    int st;
    waitpid(p, &st, 0);
    printf("counter: %ld of %d\n", s->counter, 2 * ROUNDS);
    printf("semaphore round trips: %d\n", pongs);
    printf("condition seen, child exited %d\n", WEXITSTATUS(st));
    return 0;
}
