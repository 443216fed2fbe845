// SPDX-License-Identifier: MIT
/*
 * Address spaces: which one each CPU runs, and their life.  A process
 * gets its first from mm_new (boot, execve) or mm_fork (fork), and CPUs
 * switch between them with the tasks they run (kernel/sched.c).
 *
 * An idle CPU keeps the address space it ran last loaded, as Linux's lazy
 * TLB mode does: going idle and back to the same process loads no CR3,
 * which matters where a CR3 load traps to the hypervisor.  So an address
 * space that ends may still be some idle CPU's: its pages and tables go
 * at once, but its top table (which also maps the kernel) stays until
 * that CPU switches away from it.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"

uint64_t mm_max_map_count = MM_MAX_MAP_COUNT;
struct mm_space *mm_running[HAL_MAX_CPUS];

static int loaded_elsewhere(const struct mm_space *mm)
{
    unsigned me = hal_cpu_id();
    for (unsigned i = 0; i < HAL_MAX_CPUS; i++)
        if (i != me && mm_running[i] == mm)
            return 1;
    return 0;
}

static void load(struct mm_space *mm)
{
    struct mm_space **r = &mm_running[hal_cpu_id()], *old = *r;
    *r = mm;
    hal_load_cr3(mm ? virt_to_phys(mm->pml4) : mm_kernel_cr3());
    if (old && old->ended && !loaded_elsewhere(old)) {
        pt_free_root(old->pml4);
        kfree(old);
    }
}

void mm_switch(struct mm_space *mm)
{
    if (mm && mm != mm_running[hal_cpu_id()])
        load(mm);
}

struct mm_space *mm_new(void)
{
    struct mm_space *mm = kzalloc(sizeof(*mm));
    if (!mm || !(mm->pml4 = pt_new_root())) {
        kfree(mm);
        return NULL;
    }
    mm->users = 1;
    mm->free_top = MM_MMAP_BASE;
    return mm;
}

struct mm_space *mm_fork(void)
{
    struct mm_space *parent = mm_current(), *child = mm_new();
    if (!child)
        return NULL;
    if (vma_copy_to(child)) {
        mm_put(child);
        return NULL;
    }
    child->free_top = parent->free_top;
    child->rss = parent->rss;
    child->rss_peak = parent->rss;
    return child;
}

void mm_put(struct mm_space *mm)
{
    if (--mm->users)
        return;
    struct mm_space *was = mm_current();
    if (was != mm)
        load(mm);
    vma_free_all();
    pt_free_user(mm->pml4);
    mm->ended = 1;
    /* Off it, back to what ran (the kernel's tables when that was mm):
     * the last CPU to leave it frees it. */
    load(was != mm ? was : NULL);
}

void mm_set_max_map_count(uint64_t n)
{
    mm_max_map_count = n;
}
