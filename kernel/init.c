// SPDX-License-Identifier: MIT
/* Boot: CPU, console, memory, clocks, the root file system from the boot
 * archive, then the program. */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/fs/vfs.h"
#include "kernel/lock.h"
#include "kernel/proc.h"
#include "kernel/task.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "kernel/vdso.h"
#include "mm/mm.h"
#include "syscall/syscall.h"

void kmain(const struct uk_boot_info *bi, const char *cmdline);

/* Split the args block into path, argv and envp with their lengths, and
 * the host directories' strings; -1 if it is malformed. */
static int parse_args(const struct uk_args *a, uint64_t avail,
                      struct exec_args *x, const char ***mounts)
{
    if (avail < sizeof(*a) || a->magic != UK_ARGS_MAGIC || a->size > avail ||
        a->size < sizeof(*a) || a->argc > 1000000 || a->envc > 1000000 ||
        a->nmounts > UK_MAX_MOUNTS)
        return -1;
    uint64_t n = (uint64_t)a->argc + a->envc + 1 + a->nmounts;
    const uint64_t *len = (const uint64_t *)(a + 1);
    const char **v = kmalloc(n * sizeof(char *));
    if (!v || n * sizeof(uint64_t) > a->size - sizeof(*a))
        return -1;
    const char *p = (const char *)(len + n), *end = (const char *)a + a->size;
    for (uint64_t i = 0; i < n; i++) {
        if (len[i] >= (uint64_t)(end - p) || p[len[i]])
            return -1;
        v[i] = p;
        p += len[i] + 1;
    }
    *x = (struct exec_args){
        .path = v[0], .argc = (int)a->argc, .envc = (int)a->envc,
        .argv = v + 1, .envp = v + 1 + a->argc,
        .argv_len = len + 1, .envp_len = len + 1 + a->argc,
    };
    *mounts = v + 1 + a->argc + a->envc;
    return 0;
}

void kmain(const struct uk_boot_info *bi, const char *cmdline)
{
    (void)cmdline; /* no kernel options yet */
    extern char kstack_top[];
    hal_cpu_init(0, (uint64_t)kstack_top);
    bkl_lock(); /* the boot CPU runs kernel code from here on */
    console_init((int)bi->vmm);
    if (!bi->initrd || !bi->mem_size || bi->initrd + bi->initrd_size > bi->mem_size)
        panic("no boot archive");
    mm_init(bi->mem_size, bi->initrd, bi->initrd + bi->initrd_size);
    proc_boot();
    hal_syscall_probe();
    hal_irq_init();
    const struct uk_args *a = phys_to_virt(bi->initrd);
    static struct exec_args x;
    const char **mounts;
    if (parse_args(a, bi->initrd_size, &x, &mounts)) {
        klog("malformed boot arguments");
        proc_exit(UK_STATUS_VMM, UK_EXIT_ERROR);
    }
    time_init(bi->tsc_khz ? bi->tsc_khz : a->tsc_khz, a->realtime_ns);
    vdso_init();
    unsigned ncpus = a->ncpus ? MIN(a->ncpus, HAL_MAX_CPUS) : 1;
    sched_init(ncpus);
    timer_init();
    console_in_init();
    smp_boot(ncpus);
    random_init(a->seed);
    signal_init(a->sig_ignored);
    syscall_init(a->trace, a->report);
    console_set_tty(a->tty, a->rows, a->cols);
    int err = vfs_init((const char *)a + a->size, bi->initrd_size - a->size);
    if (err) {
        klog("malformed boot archive (error %d)", -err);
        proc_exit(UK_STATUS_VMM, UK_EXIT_ERROR);
    }
    for (unsigned i = 0; i < a->nmounts; i++)
        if ((err = hostfs_mount(i, mounts[i] + 1, mounts[i][0])) < 0) {
            klog("cannot mount host directory %u at %s (error %d)", i,
                 mounts[i] + 1, -err);
            proc_exit(UK_STATUS_VMM, UK_EXIT_ERROR);
        }
    if (fd_init_stdio())
        panic("cannot open the console");
    exec_start(&x);
}
