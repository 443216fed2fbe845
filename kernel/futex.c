// SPDX-License-Identifier: MIT
/*
 * Futexes.  Waiters sleep on one of a set of hashed wait queues, keyed by
 * the word's user address in their address space, or, for a shared futex
 * (no FUTEX_PRIVATE_FLAG: WAIT, WAKE and REQUEUE) in MAP_SHARED memory, by
 * the page's frame, which every process that maps it meets.  The value check
 * and the sleep happen under the big kernel lock, so a wake that follows
 * the program's store cannot be missed.  Updates of the word that other
 * threads may race with (WAKE_OP, PI locks, robust lists) are atomic
 * compare-and-swaps on user memory.  PI locks follow Linux's protocol
 * (owner tid, FUTEX_WAITERS, FUTEX_OWNER_DIED, hand-over on unlock);
 * there are no priorities to lend.
 */
#include "hal/hal.h"
#include "kernel/futex.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "kernel/wait.h"
#include "mm/mm.h"

#define BUCKETS 64
#define WAITERS 0x80000000u
#define OWNER_DIED 0x40000000u
#define TID_MASK 0x3fffffffu
#define ROBUST_LIMIT 2048
#define PI_BIT 0 /* wait_bits of a PI waiter: none (never matched by wake) */

static struct wait_queue buckets[BUCKETS];

static struct wait_queue *bucket(uint64_t key)
{
    return &buckets[(key >> 2) % BUCKETS];
}

static int user_ok(const uint32_t *uaddr)
{
    uint64_t a = (uint64_t)uaddr;
    return a < MM_USER_TOP - 4;
}

static long get(const uint32_t *uaddr, uint32_t *v)
{
    return user_ok(uaddr) ? copy_from_user(v, uaddr, sizeof(*v)) : -EFAULT;
}

static long cas(uint32_t *uaddr, uint32_t old, uint32_t new, uint32_t *cur)
{
    return user_ok(uaddr) ? hal_cmpxchg_user(uaddr, old, new, cur) : -EFAULT;
}

#define SHARED_KEY (1ULL << 63)

/* The key of the futex at uaddr, which get() has faulted in. */
static uint64_t key_of(const uint32_t *uaddr, int shared)
{
    uint64_t a = (uint64_t)uaddr, f;
    const struct vma *v = shared ? vma_find(a) : NULL;
    if (v && (v->flags & (VMA_SHARED | VMA_ANON_SHARED)) &&
        (f = mm_frame_of(a)))
        return SHARED_KEY | f | (a & (PAGE_SIZE - 1));
    return a;
}

long futex_wait(uint32_t *uaddr, uint32_t val, uint64_t deadline,
                uint32_t bitset, int shared)
{
    uint32_t cur;
    if (get(uaddr, &cur))
        return -EFAULT;
    if (cur != val)
        return -EAGAIN;
    struct task *t = task_current();
    t->wait_key = key_of(uaddr, shared);
    t->wait_bits = bitset;
    long err = wait_sleep(bucket(t->wait_key), deadline, 1);
    t->wait_key = 0;
    return err;
}

struct match {
    uint64_t key;
    uint32_t bits;
};

/* An address key names a word of the caller's address space: a waiter
 * of another process at the same address waits for something else. */
static int same_space(const struct task *t, uint64_t key)
{
    return (key & SHARED_KEY) || t->proc->mm == proc_current()->mm;
}

static int matches(struct task *t, void *arg)
{
    const struct match *m = arg;
    return t->wait_key == m->key && (t->wait_bits & m->bits) &&
           same_space(t, m->key);
}

long futex_wake(uint32_t *uaddr, int n, uint32_t bitset, int shared)
{
    uint32_t v;
    /* A shared futex is found by its page, which must exist. */
    if (!user_ok(uaddr) || (shared && get(uaddr, &v)))
        return -EFAULT;
    struct match m = {key_of(uaddr, shared), bitset};
    return wait_wake_if(bucket(m.key), n, matches, &m);
}

long futex_requeue(uint32_t *uaddr, int n, int n2, uint32_t *uaddr2,
                   int check, uint32_t val, int shared)
{
    uint32_t cur, cur2;
    if (n < 0 || n2 < 0)
        return -EINVAL;
    if (get(uaddr, &cur) || !user_ok(uaddr2) ||
        (shared && get(uaddr2, &cur2)))
        return -EFAULT;
    if (check && cur != val)
        return -EAGAIN;
    struct match m = {key_of(uaddr, shared), FUTEX_BITSET_ANY};
    uint64_t key2 = key_of(uaddr2, shared);
    struct wait_queue *from = bucket(m.key), *to = bucket(key2);
    long done = wait_wake_if(from, n, matches, &m);
    /* Move the next n2 waiters of uaddr over to uaddr2. */
    struct task *t = from->head;
    while (t && n2 > 0) {
        struct task *next = t->wq_next;
        if (matches(t, &m)) {
            wait_remove(t);
            t->wait_key = key2;
            t->wq = to;
            t->wq_next = NULL;
            if (to->tail)
                to->tail->wq_next = t;
            else
                to->head = t;
            to->tail = t;
            n2--;
            done++;
        }
        t = next;
    }
    return done;
}

/* FUTEX_WAKE_OP's operation and comparison, encoded in op. */
static uint32_t apply(uint32_t old, uint32_t op)
{
    uint32_t arg = (op >> 12) & 0xfff;
    if (op & 0x80000000u) /* FUTEX_OP_OPARG_SHIFT */
        arg = 1u << (arg & 31);
    else if (arg & 0x800)
        arg |= 0xfffff000u; /* sign-extend the 12 bits */
    switch ((op >> 28) & 7) {
    case 0: return arg;        /* SET */
    case 1: return old + arg;  /* ADD */
    case 2: return old | arg;  /* OR */
    case 3: return old & ~arg; /* ANDN */
    default: return old ^ arg; /* XOR */
    }
}

static int test(uint32_t old, uint32_t op)
{
    int32_t a = (int32_t)old, b = (int32_t)(op & 0xfff);
    if (b & 0x800)
        b |= (int32_t)0xfffff000;
    switch ((op >> 24) & 15) {
    case 0: return a == b;
    case 1: return a != b;
    case 2: return a < b;
    case 3: return a <= b;
    case 4: return a > b;
    default: return a >= b;
    }
}

long futex_wake_op(uint32_t *uaddr, int n, int n2, uint32_t *uaddr2,
                   uint32_t op)
{
    uint32_t old, cur;
    if (((op >> 28) & 7) > 4)
        return -ENOSYS; /* an unknown op: nothing changes, as Linux */
    if (!user_ok(uaddr) || get(uaddr2, &old))
        return -EFAULT;
    for (;;) {
        if (cas(uaddr2, old, apply(old, op), &cur))
            return -EFAULT;
        if (cur == old)
            break;
        old = cur;
    }
    if (((op >> 24) & 15) > 5)
        return -ENOSYS; /* an unknown comparison: Linux has changed the word */
    long done = futex_wake(uaddr, n, FUTEX_BITSET_ANY, 0);
    if (test(old, op))
        done += futex_wake(uaddr2, n2, FUTEX_BITSET_ANY, 0);
    return done;
}

/* A PI waiter on key: the first in line. */
static int pi_waiter(struct task *t, void *arg)
{
    return t->wait_key == *(uint64_t *)arg && t->wait_bits == PI_BIT &&
           same_space(t, 0);
}

static struct task *first_pi_waiter(uint64_t key, int *more)
{
    struct task *first = NULL;
    *more = 0;
    for (struct task *t = bucket(key)->head; t; t = t->wq_next) {
        if (!pi_waiter(t, &key))
            continue;
        if (first) {
            *more = 1;
            break;
        }
        first = t;
    }
    return first;
}

long futex_lock_pi(uint32_t *uaddr, uint64_t deadline, int try)
{
    struct task *me = task_current();
    uint32_t val, cur;
    if (get(uaddr, &val))
        return -EFAULT;
    for (;;) {
        uint32_t owner = val & TID_MASK;
        if (owner == (uint32_t)me->tid)
            return -EDEADLK;
        if (!owner) { /* free, or its owner died: take it */
            uint32_t want = (uint32_t)me->tid | (val & OWNER_DIED);
            int more;
            if (first_pi_waiter((uint64_t)uaddr, &more))
                want |= WAITERS;
            if (cas(uaddr, val, want, &cur))
                return -EFAULT;
            if (cur == val)
                return 0;
            val = cur;
            continue;
        }
        if (!task_find((int)owner) && !(val & OWNER_DIED))
            return -ESRCH; /* no such owner, and nobody said it died */
        if (try)
            return -EAGAIN;
        if (!(val & WAITERS)) {
            if (cas(uaddr, val, val | WAITERS, &cur))
                return -EFAULT;
            if (cur != val) {
                val = cur;
                continue;
            }
        }
        me->wait_key = (uint64_t)uaddr;
        me->wait_bits = PI_BIT;
        me->pi_owner = (int)owner;
        long err = wait_sleep(bucket(me->wait_key), deadline, 1);
        me->wait_key = 0;
        if (get(uaddr, &val))
            return -EFAULT;
        if ((val & TID_MASK) == (uint32_t)me->tid)
            return 0; /* the unlocker handed it over */
        if (err)
            return err == -ERESTARTSYS ? -ERESTARTNOINTR : err;
    }
}

long futex_unlock_pi(uint32_t *uaddr)
{
    struct task *me = task_current();
    uint32_t val, cur;
    if (get(uaddr, &val))
        return -EFAULT;
    for (;;) {
        if ((val & TID_MASK) != (uint32_t)me->tid)
            return -EPERM;
        int more;
        struct task *next = first_pi_waiter((uint64_t)uaddr, &more);
        uint32_t want = next ? (uint32_t)next->tid | (more ? WAITERS : 0) : 0;
        if (cas(uaddr, val, want, &cur))
            return -EFAULT;
        if (cur == val) {
            if (next) {
                wait_remove(next);
                sched_wake(next, WOKE_EVENT);
            }
            return 0;
        }
        val = cur;
    }
}

/* The word of a robust futex its owner left behind. */
static void robust_died(struct task *t, uint32_t *uaddr)
{
    uint32_t val, cur;
    if (get(uaddr, &val))
        return;
    while ((val & TID_MASK) == (uint32_t)t->tid) {
        uint32_t want = (val & WAITERS) | OWNER_DIED;
        if (cas(uaddr, val, want, &cur))
            return;
        if (cur == val) {
            if (val & WAITERS) {
                int more;
                struct task *w = first_pi_waiter((uint64_t)uaddr, &more);
                if (w) {
                    wait_remove(w);
                    sched_wake(w, WOKE_EVENT);
                } else {
                    futex_wake(uaddr, 1, FUTEX_BITSET_ANY, 0);
                }
            }
            return;
        }
        val = cur;
    }
}

/* Wake the PI waiters whose lock t holds: they look at the word again
 * (a libc may have marked it OWNER_DIED itself), as Linux's
 * exit_pi_state_list hands such locks on. */
static void wake_pi_waiters_of(struct task *t)
{
    for (unsigned b = 0; b < BUCKETS; b++)
        for (struct task *w = buckets[b].head, *next; w; w = next) {
            next = w->wq_next;
            if (w->wait_bits == PI_BIT && w->pi_owner == t->tid) {
                wait_remove(w);
                sched_wake(w, WOKE_EVENT);
            }
        }
}

void futex_exit(struct task *t)
{
    struct {
        uint64_t next;
        int64_t offset;
        uint64_t pending;
    } head;
    if (t->robust_list &&
        !copy_from_user(&head, (const void *)t->robust_list, sizeof(head))) {
        uint64_t e = head.next;
        for (int i = 0; e && e != t->robust_list && i < ROBUST_LIMIT; i++) {
            uint64_t next;
            if (copy_from_user(&next, (const void *)(e & ~1ULL), 8))
                break;
            if ((e & ~1ULL) != head.pending)
                robust_died(t, (uint32_t *)((e & ~1ULL) + head.offset));
            e = next;
        }
        if (head.pending)
            robust_died(t, (uint32_t *)((head.pending & ~1ULL) + head.offset));
    }
    wake_pi_waiters_of(t);
    if (t->clear_child_tid) {
        uint32_t zero = 0;
        if (!copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero)))
            futex_wake((uint32_t *)t->clear_child_tid, 1, FUTEX_BITSET_ANY, 0);
    }
}
