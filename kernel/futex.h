/* SPDX-License-Identifier: MIT */
/* Futexes (kernel/futex.c): waits and wakes keyed by a user address. */
#ifndef UK_FUTEX_H
#define UK_FUTEX_H

#include <stdint.h>

struct task;

#define FUTEX_BITSET_ANY 0xffffffffu

/* Sleep while *uaddr == val, until a wake with a matching bitset, the
 * monotonic deadline or a signal: 0, -EAGAIN (value differs), -ETIMEDOUT,
 * -ERESTARTSYS, -EFAULT.  shared: no FUTEX_PRIVATE_FLAG (then a futex in
 * MAP_SHARED memory meets the other processes' too). */
long futex_wait(uint32_t *uaddr, uint32_t val, uint64_t deadline,
                uint32_t bitset, int shared);
/* Wake up to n waiters on uaddr whose bitset meets bitset: how many.
 * A shared futex's word must be mapped (else -EFAULT). */
long futex_wake(uint32_t *uaddr, int n, uint32_t bitset, int shared);
/* Wake n waiters on uaddr and move up to n2 of the rest to uaddr2; with
 * check, only if *uaddr == val (else -EAGAIN).  Woken + moved. */
long futex_requeue(uint32_t *uaddr, int n, int n2, uint32_t *uaddr2,
                   int check, uint32_t val, int shared);
/* FUTEX_WAKE_OP: change *uaddr2 by op atomically, wake n on uaddr and, if
 * the old value passes op's test, n2 on uaddr2. */
long futex_wake_op(uint32_t *uaddr, int n, int n2, uint32_t *uaddr2,
                   uint32_t op);
/* Priority-inheritance locks: the owner's tid in the word. */
long futex_lock_pi(uint32_t *uaddr, uint64_t deadline, int try);
long futex_unlock_pi(uint32_t *uaddr);
/* A thread ends: its robust futexes are marked OWNER_DIED and a waiter
 * woken, then its clear_child_tid word is zeroed and woken. */
void futex_exit(struct task *t);

#endif
