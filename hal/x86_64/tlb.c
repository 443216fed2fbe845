// SPDX-License-Identifier: MIT
/*
 * TLB shootdown.  The CPU that changes the program's page tables (it holds
 * the big kernel lock, so there is one at a time) publishes the range and
 * a new generation, interrupts the other online CPUs and waits until each
 * has caught up.  A CPU that is spinning for the big lock catches up from
 * its spin loop, so the two never wait for each other.
 */
#include "hal/hal.h"
#include "hal/x86_64/percpu.h"
#include "kernel/kernel.h"

#define FULL_FLUSH_PAGES 32

static volatile uint64_t gen, lo, hi;
static volatile uint64_t online;

void hal_tlb_online(unsigned id)
{
    hal_cpus[id].tlb_gen = gen;
    __atomic_or_fetch(&online, 1ULL << id, __ATOMIC_SEQ_CST);
}

void hal_tlb_poll(void)
{
    struct hal_cpu *c = hal_cpu();
    uint64_t g = __atomic_load_n(&gen, __ATOMIC_ACQUIRE);
    if (c->tlb_gen == g)
        return;
    if (hi - lo <= FULL_FLUSH_PAGES * PAGE_SIZE) {
        for (uint64_t va = lo; va < hi; va += PAGE_SIZE)
            hal_invlpg(va);
    } else {
        uint64_t cr3;
        __asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3)::"memory");
    }
    __atomic_store_n(&c->tlb_gen, g, __ATOMIC_RELEASE);
}

void hal_tlb_shootdown(uint64_t start, uint64_t end)
{
    unsigned me = hal_cpu_id();
    uint64_t others = online & ~(1ULL << me);
    if (!others)
        return;
    lo = start;
    hi = end;
    uint64_t g = __atomic_add_fetch(&gen, 1, __ATOMIC_SEQ_CST);
    hal_cpus[me].tlb_gen = g;
    for (unsigned id = 0; id < HAL_MAX_CPUS; id++)
        if (others & (1ULL << id))
            hal_send_ipi(id, HAL_VEC_TLB);
    for (unsigned id = 0; id < HAL_MAX_CPUS; id++)
        if (others & (1ULL << id))
            while (__atomic_load_n(&hal_cpus[id].tlb_gen, __ATOMIC_ACQUIRE) <
                   g)
                hal_pause();
}
