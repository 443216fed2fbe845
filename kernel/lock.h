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

/* The big kernel lock.  While it waits, a CPU still answers TLB
 * shootdowns, so that the holder can wait for them.  Taking it free and
 * letting it go are inline: every entry from ring 3 does both. */
extern struct spinlock bkl;
void bkl_wait(void);
static inline void bkl_lock(void)
{
    if (__atomic_exchange_n(&bkl.locked, 1, __ATOMIC_ACQUIRE))
        bkl_wait();
}
static inline void bkl_unlock(void)
{
    __atomic_store_n(&bkl.locked, 0, __ATOMIC_RELEASE);
}

#endif
