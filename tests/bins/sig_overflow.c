/* SPDX-License-Identifier: MIT */
/*
 * Stack overflow caught on an alternate stack (what Rust and Go runtimes
 * do): a thread with a 64 KiB stack recurses into its guard page; the
 * SIGSEGV handler runs on the thread's own sigaltstack, sees the fault
 * address just below the stack, and siglongjmps out; the thread then
 * finishes normally.
 */
#include "thr.h"
#include <pthread.h>
#include <setjmp.h>

static sigjmp_buf jb;
static char alt[65536];
static volatile int sig, code, handler_on_alt;
static volatile uintptr_t fault_addr, stack_lo;

static void on_segv(int s, siginfo_t *si, void *uc)
{
    char here;
    (void)uc;
    sig = s;
    code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    handler_on_alt = (uintptr_t)&here >= (uintptr_t)alt &&
                     (uintptr_t)&here < (uintptr_t)alt + sizeof alt;
    siglongjmp(jb, 1);
}

static volatile long limit = 1L << 40; /* never reached: the guard is */

static long recurse(long n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    return n < limit ? recurse(n + 1) + pad[0] : 0;
}

static void *thread(void *arg)
{
    (void)arg;
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
    pthread_attr_t a;
    void *lo;
    size_t sz;
    pthread_getattr_np(pthread_self(), &a);
    pthread_attr_getstack(&a, &lo, &sz);
    stack_lo = (uintptr_t)lo;
    if (sigaltstack(&ss, NULL) != 0)
        return (void *)1L;
    if (!sigsetjmp(jb, 1))
        recurse(0);
    return (void *)2L;
}

int main(void)
{
    t_watchdog();
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 65536);
    pthread_t t;
    void *r;
    pthread_create(&t, &a, thread, NULL);
    pthread_join(t, &r);
    printf("thread returned %ld\n", (long)r);
    printf("SIGSEGV %d, code %s, handler on the alternate stack %d\n",
           sig == SIGSEGV,
           code == SEGV_ACCERR   ? "SEGV_ACCERR"
           : code == SEGV_MAPERR ? "SEGV_MAPERR"
                                 : "other",
           handler_on_alt);
    FACT("fault address within 64 KiB below the stack's low end",
         fault_addr < stack_lo && stack_lo - fault_addr <= 65536);
    return 0;
}
