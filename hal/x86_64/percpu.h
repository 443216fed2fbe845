/* SPDX-License-Identifier: MIT */
/*
 * Each CPU's own data, reached through the GS base in the kernel (the
 * program's GS base is swapped in by swapgs on the way out).  entry.S uses
 * the offsets; everything else uses hal_cpu().
 */
#ifndef UK_X86_PERCPU_H
#define UK_X86_PERCPU_H

#define PCPU_SCRATCH 8  /* the user rsp while the syscall entry saves it */
#define PCPU_KSTACK 16  /* top of the running task's kernel stack */


#ifndef __ASSEMBLY__
#include <stdint.h>

#include "hal/hal.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct hal_cpu {
    struct hal_cpu *self;
    uint64_t scratch;    /* PCPU_SCRATCH */
    uint64_t kstack_top; /* PCPU_KSTACK */
    void *task;          /* HAL_PCPU_TASK */
    unsigned id;         /* HAL_PCPU_ID */
    volatile uint32_t resched; /* HAL_PCPU_RESCHED */
    uint32_t apic_id;
    volatile uint64_t tlb_gen; /* last shootdown this CPU has done */
    uint64_t gdt[10];
    struct tss tss;
    uint8_t df_stack[4096] __attribute__((aligned(16)));
};

extern struct hal_cpu hal_cpus[HAL_MAX_CPUS];
_Static_assert(__builtin_offsetof(struct hal_cpu, task) == HAL_PCPU_TASK &&
                   __builtin_offsetof(struct hal_cpu, id) == HAL_PCPU_ID &&
                   __builtin_offsetof(struct hal_cpu, resched) ==
                       HAL_PCPU_RESCHED,
               "hal.h reads these words by offset");

static inline struct hal_cpu *hal_cpu(void)
{
    struct hal_cpu *c;
    __asm__("mov %%gs:0, %0" : "=r"(c));
    return c;
}
#endif

#endif
