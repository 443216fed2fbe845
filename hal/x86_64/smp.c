// SPDX-License-Identifier: MIT
/*
 * Starting the other CPUs.  On the monitor one hypercall starts a vCPU
 * directly in 64-bit mode; under QEMU an AP wakes in real mode from INIT
 * and STARTUP and takes trampoline.S to long mode.  Both end in
 * ap_start64 (entry.S), then hal_ap_main, one CPU at a time.
 */
#include "hal/hal.h"
#include "hal/x86_64/percpu.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

#define TRAMP_PA 0x8000ULL /* a page below 1 MiB that the kernel keeps */

extern char tramp_start[], tramp_end[], tramp_gdt[], tramp_gdtr[],
    tramp_far[], tramp_cr3[], tramp_kcr3[], tramp_stack[], tramp_arg[],
    tramp_long[], ap_start64[], boot_pml4[];

static volatile int alive;

void hal_ap_main(uint64_t id);
void hal_ap_main(uint64_t id)
{
    hal_cpu_init((unsigned)id, hal_cpus[id].kstack_top);
    hal_irq_cpu_init();
    hal_tlb_online((unsigned)id);
    __atomic_store_n(&alive, 1, __ATOMIC_RELEASE);
    kernel_ap_main((unsigned)id);
}

/* Fill in the trampoline's parameters in its copy at TRAMP_PA. */
static void put(const char *field, uint64_t v, size_t n)
{
    memcpy((uint8_t *)phys_to_virt(TRAMP_PA) + (field - tramp_start), &v, n);
}

int hal_start_cpu(unsigned id, uint64_t stack_top, int vmm)
{
    uint64_t kcr3 = mm_kernel_cr3();
    hal_cpus[id].kstack_top = stack_top;
    alive = 0;
    if (vmm == UK_VMM_MONITOR) {
        static struct uk_hc_cpu c;
        c = (struct uk_hc_cpu){.cpu = id, .rip = (uint64_t)ap_start64,
                               .rsp = stack_top, .cr3 = kcr3, .arg = id};
        hal_hypercall(UK_HC_CPU_START, &c);
        if (c.ret)
            return (int)c.ret;
    } else {
        memcpy(phys_to_virt(TRAMP_PA), tramp_start,
               (size_t)(tramp_end - tramp_start));
        put(tramp_gdtr + 2, TRAMP_PA + (uint64_t)(tramp_gdt - tramp_start), 4);
        put(tramp_far, TRAMP_PA + (uint64_t)(tramp_long - tramp_start), 4);
        put(tramp_cr3, (uint64_t)boot_pml4, 8);
        put(tramp_kcr3, kcr3, 8);
        put(tramp_stack, stack_top, 8);
        put(tramp_arg, id, 8);
        hal_start_ap_sipi(id, (unsigned)(TRAMP_PA >> 12));
    }
    uint64_t t0 = hal_rdtsc();
    while (!__atomic_load_n(&alive, __ATOMIC_ACQUIRE))
        if (hal_rdtsc() - t0 > 4000000000ULL)
            return -ETIMEDOUT;
        else
            hal_pause();
    return 0;
}
