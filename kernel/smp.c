// SPDX-License-Identifier: MIT
/* The other CPUs: each gets an idle stack, starts, and joins the
 * scheduler. */
#include "hal/hal.h"
#include "kernel/boot.h"
#include "kernel/kernel.h"
#include "kernel/lock.h"
#include "kernel/task.h"
#include "mm/mm.h"

_Noreturn void kernel_ap_main(unsigned id)
{
    bkl_lock();
    sched_ap_start(id);
}

void smp_boot(unsigned n)
{
    for (unsigned id = 1; id < n; id++) {
        uint64_t stack = frame_alloc_contig(KSTACK_BYTES / PAGE_SIZE);
        if (!stack) {
            klog("no memory for CPU %u: running on %u", id, id);
            return;
        }
        int err = hal_start_cpu(id, (uint64_t)phys_to_virt(stack) +
                                        KSTACK_BYTES, boot_vmm);
        if (err) {
            klog("CPU %u did not start (error %d): running on %u", id, -err,
                 id);
            return;
        }
        sched_cpu_up(id);
    }
}
