// SPDX-License-Identifier: MIT
/*
 * Address spaces: which one each CPU runs, and their life.  A process
 * gets its first from mm_new (boot, execve) or mm_fork (fork), and CPUs
 * switch between them with the tasks they run (kernel/sched.c).  An idle
 * CPU runs on the kernel's tables alone, so no CPU keeps an address space
 * loaded that nobody uses.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "mm/internal.h"
#include "mm/mm.h"

static struct mm_space *running[HAL_MAX_CPUS];
uint64_t mm_max_map_count = MM_MAX_MAP_COUNT;

struct mm_space *mm_current(void)
{
    return running[hal_cpu_id()];
}

void mm_switch(struct mm_space *mm)
{
    struct mm_space **r = &running[hal_cpu_id()];
    if (*r == mm)
        return;
    *r = mm;
    hal_load_cr3(mm ? virt_to_phys(mm->pml4) : mm_kernel_cr3());
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
    mm_switch(mm);
    vma_free_all();
    mm_switch(was == mm ? NULL : was);
    pt_free_root(mm->pml4);
    kfree(mm);
}

void mm_set_max_map_count(uint64_t n)
{
    mm_max_map_count = n;
}
