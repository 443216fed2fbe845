/* SPDX-License-Identifier: MIT */
/* The vCPU's first state: 64-bit long mode at the kernel entry point. */
#define MONITOR_INTERNAL
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "abi.h"
#include "monitor.h"

#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define EFER_SCE (1ULL << 0)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define GDT_LIMIT (3 * 8 - 1)

/* Give the guest every CPUID feature this KVM supports (SSE, AVX, ...). */
static int setup_cpuid(struct monitor_vm *vm, int fd)
{
    struct kvm_cpuid2 *cpuid = NULL;
    int r;

    for (unsigned n = 64; n <= 4096; n *= 2) {
        free(cpuid);
        cpuid = calloc(1, sizeof(*cpuid) + n * sizeof(cpuid->entries[0]));
        if (!cpuid) {
            fprintf(stderr, "uk: KVM_GET_SUPPORTED_CPUID: out of memory\n");
            return -ENOMEM;
        }
        cpuid->nent = n;
        r = ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid);
        if (r == 0 || errno != E2BIG)
            break;
    }
    if (r < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_GET_SUPPORTED_CPUID: %s\n", strerror(-r));
        goto out;
    }
    r = ioctl(fd, KVM_SET_CPUID2, cpuid);
    if (r < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_SET_CPUID2: %s\n", strerror(-r));
    }
out:
    free(cpuid);
    return r;
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
    *s = (struct kvm_segment){
        .base = 0,
        .limit = 0xffffffff,
        .selector = sel,
        .type = type,
        .present = 1,
        .dpl = 0,
        .s = 1,
        .g = 1,
    };
}

/* Must follow setup_cpuid: KVM checks EFER.NXE against the guest's CPUID. */
static int setup_sregs(int fd, uint64_t cr3)
{
    struct kvm_sregs sregs;

    if (ioctl(fd, KVM_GET_SREGS, &sregs) < 0)
        goto err;

    flat_segment(&sregs.cs, SEL_CODE, 0xb); /* code, r/x, accessed */
    sregs.cs.l = 1;
    flat_segment(&sregs.ds, SEL_DATA, 0x3); /* data, r/w, accessed */
    sregs.ds.db = 1;
    sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;

    sregs.gdt.base = UK_BOOT_GDT;
    sregs.gdt.limit = GDT_LIMIT;
    sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
    sregs.cr3 = cr3;
    sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    sregs.efer = EFER_LME | EFER_LMA | EFER_SCE | EFER_NXE;

    if (ioctl(fd, KVM_SET_SREGS, &sregs) < 0)
        goto err;
    return 0;
err:;
    int r = -errno;
    fprintf(stderr, "uk: cannot set the vCPU's special registers: %s\n",
            strerror(-r));
    return r;
}

/* Registers and FPU of a vCPU about to enter the kernel at rip. */
static int setup_regs(int fd, const struct kvm_regs *regs)
{
    int r;
    if (ioctl(fd, KVM_SET_REGS, regs) < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_SET_REGS: %s\n", strerror(-r));
        return r;
    }
    struct kvm_fpu fpu = {
        .fcw = 0x37f,
        .mxcsr = 0x1f80,
    };
    if (ioctl(fd, KVM_SET_FPU, &fpu) < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_SET_FPU: %s\n", strerror(-r));
        return r;
    }
    return 0;
}

int monitor_cpu_setup(struct monitor_vm *vm)
{
    int fd = vm->vcpu[0].fd;
    int r = setup_cpuid(vm, fd);
    if (r < 0)
        return r;
    r = setup_sregs(fd, UK_BOOT_PML4);
    if (r < 0)
        return r;
    struct kvm_regs regs = {
        .rip = vm->entry,
        .rdi = UK_BOOT_INFO,
        .rsp = 0,
        .rflags = 0x2,
    };
    return setup_regs(fd, &regs);
}

int monitor_cpu_setup_ap(struct monitor_vm *vm, unsigned id, uint64_t rip,
                         uint64_t rsp, uint64_t cr3, uint64_t arg)
{
    int fd = vm->vcpu[id].fd, r;
    if ((r = setup_cpuid(vm, fd)) < 0 || (r = setup_sregs(fd, cr3)) < 0)
        return r;
    struct kvm_regs regs = {
        .rip = rip, .rsp = rsp, .rdi = arg, .rsi = cr3, .rdx = rsp,
        .rflags = 0x2,
    };
    if ((r = setup_regs(fd, &regs)) < 0)
        return r;
    /* An application processor waits for INIT and STARTUP; this one
     * runs at once, like one that has had them. */
    struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_RUNNABLE};
    if (ioctl(fd, KVM_SET_MP_STATE, &mp) < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_SET_MP_STATE: %s\n", strerror(-r));
        return r;
    }
    return 0;
}
