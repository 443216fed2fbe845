/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks, and the big kernel lock.  A CPU holds the big lock whenever
 * it runs kernel code, from its entry from ring 3 (or from a halt) to its
 * return; programs run in parallel on every CPU, the kernel on one at a
 * time.  Kernel code runs with interrupts off, so no lock is ever taken
 * twice by one CPU.
 */
#ifndef UK_LOCK_H
#define UK_LOCK_H

#include <stdint.h>

struct spinlock {
    volatile uint32_t locked;
};

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* The big kernel lock: a ticket lock, so CPUs take it in the order they
 * asked, and a thread that makes syscalls in a loop cannot keep another
 * CPU out of the kernel.  While it waits, a CPU still answers TLB
 * shootdowns, so that the holder can wait for them.  Taking it free and
 * letting it go are inline: every entry from ring 3 does both. */
struct ticket_lock {
    volatile uint32_t next;  /* the ticket the next CPU to ask gets */
    volatile uint32_t owner; /* the ticket that holds the lock */
};
extern struct ticket_lock bkl;
void bkl_wait(uint32_t ticket);
static inline void bkl_lock(void)
{
    uint32_t t = __atomic_fetch_add(&bkl.next, 1, __ATOMIC_ACQUIRE);
    if (__atomic_load_n(&bkl.owner, __ATOMIC_ACQUIRE) != t)
        bkl_wait(t);
}
static inline void bkl_unlock(void)
{
    __atomic_store_n(&bkl.owner, bkl.owner + 1, __ATOMIC_RELEASE);
}

#endif
