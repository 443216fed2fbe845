// SPDX-License-Identifier: MIT
/* Spinlocks (test and test-and-set) and the big kernel lock. */
#include "hal/hal.h"
#include "kernel/lock.h"

void spin_lock(struct spinlock *l)
{
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
            hal_pause();
}

void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

struct spinlock bkl;

void bkl_wait(void)
{
    do
        while (__atomic_load_n(&bkl.locked, __ATOMIC_RELAXED)) {
            hal_tlb_poll();
            hal_pause();
        }
    while (__atomic_exchange_n(&bkl.locked, 1, __ATOMIC_ACQUIRE));
}
