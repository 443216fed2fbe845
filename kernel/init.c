// SPDX-License-Identifier: MIT
/* Boot: CPU, console, memory, clocks, the root file system from the boot
 * archive, then the program. */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "mm/mm.h"

void syscall_init(int trace);
void kmain(const struct uk_boot_info *bi, const char *cmdline);

/* Split the args block into path, argv and envp; NULL if malformed. */
static const char *parse_args(const struct uk_args *a, uint64_t avail,
                              char ***argv, char ***envp)
{
    if (avail < sizeof(*a) || a->magic != UK_ARGS_MAGIC || a->size > avail ||
        a->argc > 1000000 || a->envc > 1000000)
        return NULL;
    uint64_t n = (uint64_t)a->argc + a->envc + 1;
    char **v = kmalloc((n + 2) * sizeof(char *));
    if (!v)
        return NULL;
    char *p = (char *)(a + 1), *end = (char *)a + a->size;
    for (uint64_t i = 0; i < n; i++) {
        char *z = p + strnlen(p, (size_t)(end - p));
        if (z == end)
            return NULL;
        v[i] = p;
        p = z + 1;
    }
    /* v: path, argv..., envp... */
    char **args = kmalloc((a->argc + 1) * sizeof(char *));
    char **env = kmalloc((a->envc + 1) * sizeof(char *));
    if (!args || !env)
        return NULL;
    for (uint32_t i = 0; i < a->argc; i++)
        args[i] = v[1 + i];
    args[a->argc] = NULL;
    for (uint32_t i = 0; i < a->envc; i++)
        env[i] = v[1 + a->argc + i];
    env[a->envc] = NULL;
    *argv = args;
    *envp = env;
    return v[0];
}

void kmain(const struct uk_boot_info *bi, const char *cmdline)
{
    static struct boot_opts opts;
    hal_cpu_init();
    cmdline_parse(cmdline, &opts);
    console_init((int)bi->vmm, &opts);
    if (!bi->initrd || !bi->mem_size || bi->initrd + bi->initrd_size > bi->mem_size)
        panic("no boot archive");
    mm_init(bi->mem_size, bi->initrd, bi->initrd + bi->initrd_size);
    time_init(bi->tsc_khz ? bi->tsc_khz : opts.tsc_khz, opts.realtime_ns);
    random_init(opts.seed);
    syscall_init(opts.trace);

    const struct uk_args *a = phys_to_virt(bi->initrd);
    char **argv, **envp;
    const char *path = parse_args(a, bi->initrd_size, &argv, &envp);
    if (!path) {
        klog("malformed boot arguments");
        proc_exit(UK_STATUS_VMM, UK_EXIT_ERROR);
    }
    int err = vfs_init((const char *)a + a->size, bi->initrd_size - a->size);
    if (err) {
        klog("malformed boot archive (error %d)", -err);
        proc_exit(UK_STATUS_VMM, UK_EXIT_ERROR);
    }
    if (fd_init_stdio())
        panic("cannot open the console");
    exec_start(path, (int)a->argc, argv, (int)a->envc, envp);
}
