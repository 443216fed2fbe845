// SPDX-License-Identifier: MIT
/* Spinlocks (test and test-and-set) and the big kernel lock (a ticket
 * lock). */
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

struct ticket_lock bkl;

void bkl_wait(uint32_t ticket)
{
    while (__atomic_load_n(&bkl.owner, __ATOMIC_ACQUIRE) != ticket) {
        hal_tlb_poll();
        hal_pause();
    }
}
