// SPDX-License-Identifier: MIT
/* Both ways in end in kmain with a struct uk_boot_info: the monitor passes
 * one, and QEMU's hvm_start_info (PVH) is translated here.  Only the first
 * GiB is mapped at this point. */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"

void kmain(const struct uk_boot_info *bi, const char *cmdline);

struct hvm_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
    uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
};
struct hvm_memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};
#define HVM_START_MAGIC 0x336ec578

static struct uk_boot_info boot;
static char cmdline[UK_CMDLINE_MAX];

static void copy_cmdline(uint64_t pa)
{
    const char *s = (const char *)(pa + UK_KERNEL_VIRT);
    size_t i = 0;
    if (pa)
        for (; i < sizeof(cmdline) - 1 && s[i]; i++)
            cmdline[i] = s[i];
    cmdline[i] = 0;
}

void hal_boot_monitor(uint64_t info_pa);
void hal_boot_monitor(uint64_t info_pa)
{
    boot = *(const struct uk_boot_info *)(info_pa + UK_KERNEL_VIRT);
    if (boot.magic != UK_BOOT_MAGIC || boot.version != UK_ABI_VERSION)
        hal_debug_exit(UK_STATUS_PANIC); /* no console yet */
    copy_cmdline(boot.cmdline);
    kmain(&boot, cmdline);
}

void hal_boot_pvh(uint64_t start_pa);
void hal_boot_pvh(uint64_t start_pa)
{
    const struct hvm_start_info *si = (void *)(start_pa + UK_KERNEL_VIRT);
    if (si->magic != HVM_START_MAGIC)
        hal_debug_exit(UK_STATUS_PANIC);
    boot.magic = UK_BOOT_MAGIC;
    boot.version = UK_ABI_VERSION;
    boot.vmm = UK_VMM_QEMU;
    if (si->nr_modules) {
        const struct hvm_modlist_entry *m =
            (void *)(si->modlist_paddr + UK_KERNEL_VIRT);
        boot.initrd = m->paddr;
        boot.initrd_size = m->size;
    }
    /* RAM is the highest usable range of the memory map (below 4 GiB). */
    if (si->version >= 1 && si->memmap_paddr) {
        const struct hvm_memmap_entry *e =
            (void *)(si->memmap_paddr + UK_KERNEL_VIRT);
        for (uint32_t i = 0; i < si->memmap_entries; i++)
            if (e[i].type == 1 && e[i].addr + e[i].size > boot.mem_size &&
                e[i].addr + e[i].size <= (4ULL << 30))
                boot.mem_size = e[i].addr + e[i].size;
    }
    copy_cmdline(si->cmdline_paddr);
    kmain(&boot, cmdline);
}
