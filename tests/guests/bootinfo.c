/* SPDX-License-Identifier: MIT */
/*
 * Checks the machine state the monitor promises (include/abi.h and
 * tools/monitor/monitor.h), then writes the command line and the initrd
 * to stdout and exits with mem_size in MiB (mod 256).  A failed check
 * exits with 100 + its number instead.
 */
#include "guest.h"

#define EFER_MSR 0xc0000080
#define EFER_WANT 0xd01 /* SCE | LME | LMA | NXE */

extern char _start[];

static uint64_t read_cr3(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static uint16_t read_seg(int which)
{
    uint16_t v;
    if (which == 0)
        __asm__ volatile("mov %%cs, %0" : "=r"(v));
    else
        __asm__ volatile("mov %%ss, %0" : "=r"(v));
    return v;
}

/* FCW and MXCSR as KVM_SET_FPU left them.  fxsave rather than stmxcsr:
 * kvm_pvm runs CPL 0 code in KVM's instruction emulator, which knows
 * fxsave but not stmxcsr, ldmxcsr, xorps, xgetbv or xsave. */
static int fpu_ok(void)
{
    static uint8_t area[512] __attribute__((aligned(16)));
    __asm__ volatile("fxsave %0" : "=m"(area));
    uint16_t fcw = area[0] | area[1] << 8;
    uint32_t mxcsr = area[24] | area[25] << 8 | area[26] << 16;
    return fcw == 0x37f && mxcsr == 0x1f80;
}

static uint32_t cpuid1_edx(void)
{
    uint32_t a = 1, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return d;
}

static void check(int ok, int n)
{
    if (!ok)
        hc_exit(100 + n);
}

void guest_main(uint64_t gpa)
{
    const struct uk_boot_info *bi = (const void *)gpa; /* identity map */
    const struct uk_boot_info *hi = (const void *)(UK_KERNEL_VIRT + gpa);

    check(gpa == UK_BOOT_INFO, 0);
    check(bi->magic == UK_BOOT_MAGIC, 1);
    check(bi->version == UK_ABI_VERSION, 2);
    check(bi->vmm == UK_VMM_MONITOR, 3);
    check(hi->magic == UK_BOOT_MAGIC, 4);
    check((uint64_t)_start == UK_KERNEL_VIRT + UK_KERNEL_PHYS, 5);
    check(read_cr3() == UK_BOOT_PML4, 6);
    check((rdmsr(EFER_MSR) & EFER_WANT) == EFER_WANT, 7);
    check(read_seg(0) == 0x08 && read_seg(1) == 0x10, 8);
    check(fpu_ok(), 9);
    check(cpuid1_edx() & (1U << 26), 10); /* SSE2, from KVM_SET_CPUID2 */
    check(bi->cmdline == UK_BOOT_CMDLINE, 11);
    if (bi->initrd_size) {
        check((bi->initrd & 0xfff) == 0, 12);
        check(bi->initrd == ((bi->mem_size - bi->initrd_size) & ~0xfffULL), 13);
    } else {
        check(bi->initrd == 0, 14);
    }

    const char *cmdline = (const char *)bi->cmdline;
    uint64_t n = 0;
    while (cmdline[n])
        n++;
    hc_io(UK_HC_WRITE, 1, bi->cmdline, n);
    hc_io(UK_HC_WRITE, 1, bi->initrd, bi->initrd_size);
    hc_exit((uint32_t)(bi->mem_size >> 20) & 0xff);
}
