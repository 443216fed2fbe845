/* SPDX-License-Identifier: MIT */
/*
 * Raw clone(2) with the thread flags (through the libc's clone() wrapper,
 * without CLONE_SETTLS, so the child uses only raw syscalls):
 * CLONE_PARENT_SETTID and CLONE_CHILD_SETTID write the tid, and at the
 * child's exit CLONE_CHILD_CLEARTID clears its word and wakes a futex
 * waiter on it; set_tid_address in the child moves the clear to another
 * word.  Inconsistent flag sets are EINVAL.
 */
#include "thr.h"
#include <sched.h>

#define FLAGS                                                                  \
    (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |        \
     CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |                \
     CLONE_CHILD_CLEARTID)

struct kid {
    volatile uint32_t ctid, ptid, other, go;
    volatile int tid, settid_seen, redirect;
    volatile long sta_ret;
};

static int child(void *arg)
{
    struct kid *k = arg;
    k->tid = (int)syscall(SYS_gettid);
    k->settid_seen = (int)k->ctid;
    if (k->redirect) {
        k->other = (uint32_t)k->tid;
        k->sta_ret = syscall(SYS_set_tid_address, &k->other);
    }
    while (!k->go)
        syscall(SYS_futex, &k->go, FUTEX_WAIT, 0, NULL, NULL, 0);
    return 0;
}

/* Waits until the word is 0, as pthread_join does. */
static void join_word(volatile uint32_t *w)
{
    uint32_t v;
    while ((v = *w) != 0)
        t_futex(w, FUTEX_WAIT, v, NULL, NULL, 0);
}

static void run(int redirect)
{
    static struct kid k;
    memset((void *)&k, 0, sizeof k);
    k.redirect = redirect;
    size_t sz = 65536;
    char *stack = malloc(sz);
    int tid = clone(child, stack + sz, FLAGS, &k, &k.ptid, NULL, &k.ctid);
    if (tid < 0) {
        printf("clone: %s\n", t_errname(errno));
        exit(1);
    }
    while (!k.tid)
        t_sleep_ms(1);
    printf("%s:\n", redirect ? "set_tid_address in the child" : "plain");
    FACT("  clone returned the child's tid", tid == k.tid);
    FACT("  the child's tid is not the pid", tid != getpid());
    FACT("  PARENT_SETTID word holds it", (int)k.ptid == tid);
    FACT("  CHILD_SETTID word held it when the child ran",
         k.settid_seen == tid);
    if (redirect)
        FACT("  set_tid_address returned the tid", k.sta_ret == tid);
    k.go = 1;
    t_futex(&k.go, FUTEX_WAKE, 1, NULL, NULL, 0);
    join_word(redirect ? &k.other : &k.ctid);
    FACT("  the cleared word is 0", (redirect ? k.other : k.ctid) == 0);
    if (redirect)
        FACT("  the CHILD_SETTID word still holds the tid", (int)k.ctid == tid);
    free(stack);
}

int main(void)
{
    t_watchdog();
    run(0);
    run(1);
    T("clone THREAD without SIGHAND",
      syscall(SYS_clone, CLONE_VM | CLONE_THREAD, NULL, NULL, NULL, 0));
    T("clone SIGHAND without VM",
      syscall(SYS_clone, CLONE_SIGHAND, NULL, NULL, NULL, 0));
    T("clone NEWNS|FS",
      syscall(SYS_clone, CLONE_NEWNS | CLONE_FS, NULL, NULL, NULL, 0));
    return 0;
}
