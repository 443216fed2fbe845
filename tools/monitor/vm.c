/* SPDX-License-Identifier: MIT */
/* The VM itself: /dev/kvm, guest RAM in one memory slot, one vCPU. */
#define MONITOR_INTERNAL
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "monitor.h"

#define KVM_DEV "/dev/kvm"

/* Open /dev/kvm and check the API version; -errno on failure, quietly. */
static int kvm_open(void)
{
    int fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int v = ioctl(fd, KVM_GET_API_VERSION, 0);
    if (v != KVM_API_VERSION) {
        close(fd);
        return -ENOTSUP;
    }
    return fd;
}

int monitor_available(void)
{
    int fd = kvm_open();
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

int monitor_vm_create(struct monitor_vm *vm, uint64_t mem_size)
{
    int r;

    vm->kvm_fd = vm->vm_fd = -1;
    vm->mem = NULL;
    vm->mem_size = mem_size;

    vm->kvm_fd = kvm_open();
    if (vm->kvm_fd < 0) {
        r = vm->kvm_fd;
        if (r == -ENOTSUP)
            fprintf(stderr, "uk: " KVM_DEV ": KVM API version is not %d\n",
                    KVM_API_VERSION);
        else
            fprintf(stderr, "uk: cannot open " KVM_DEV ": %s\n", strerror(-r));
        return r;
    }

    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_CREATE_VM: %s\n", strerror(-r));
        goto err_kvm_fd;
    }

    /* Fresh anonymous memory is zero: the guest relies on that. */
    void *mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        r = -errno;
        fprintf(stderr, "uk: cannot map %llu MiB of guest memory: %s\n",
                (unsigned long long)(mem_size >> 20), strerror(-r));
        goto err_vm_fd;
    }
    vm->mem = mem;

    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = mem_size,
        .userspace_addr = (uint64_t)(uintptr_t)mem,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_SET_USER_MEMORY_REGION: %s\n", strerror(-r));
        goto err_mem;
    }

    /* The in-kernel local APIC (timer, halting until an interrupt) and
     * I/O APIC (host events on UK_IRQ_HOST). */
    if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_CREATE_IRQCHIP: %s\n", strerror(-r));
        goto err_mem;
    }

    int size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < (int)sizeof(struct kvm_run)) {
        r = size < 0 ? -errno : -EINVAL;
        fprintf(stderr, "uk: KVM_GET_VCPU_MMAP_SIZE: %s\n", strerror(-r));
        goto err_mem;
    }
    vm->run_size = (size_t)size;
    if ((r = monitor_vcpu_create(vm, 0)) < 0)
        goto err_mem;
    return 0;

err_mem:
    munmap(vm->mem, mem_size);
    vm->mem = NULL;
err_vm_fd:
    close(vm->vm_fd);
    vm->vm_fd = -1;
err_kvm_fd:
    close(vm->kvm_fd);
    vm->kvm_fd = -1;
    return r;
}

int monitor_vcpu_create(struct monitor_vm *vm, unsigned id)
{
    struct monitor_vcpu *c = &vm->vcpu[id];
    int r;
    c->vm = vm;
    c->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
    if (c->fd < 0) {
        r = -errno;
        fprintf(stderr, "uk: KVM_CREATE_VCPU %u: %s\n", id, strerror(-r));
        return r;
    }
    void *run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                     c->fd, 0);
    if (run == MAP_FAILED) {
        r = -errno;
        fprintf(stderr, "uk: cannot map the vCPU run area: %s\n",
                strerror(-r));
        close(c->fd);
        c->fd = -1;
        return r;
    }
    c->run = run;
    return 0;
}

void monitor_vm_destroy(struct monitor_vm *vm)
{
    for (unsigned i = 0; i < UK_MAX_CPUS; i++) {
        struct monitor_vcpu *c = &vm->vcpu[i];
        if (c->run)
            munmap(c->run, vm->run_size);
        if (c->vm && c->fd >= 0)
            close(c->fd);
        c->run = NULL;
        c->fd = -1;
    }
    if (vm->mem)
        munmap(vm->mem, vm->mem_size);
    if (vm->vm_fd >= 0)
        close(vm->vm_fd);
    if (vm->kvm_fd >= 0)
        close(vm->kvm_fd);
    vm->mem = NULL;
    vm->kvm_fd = vm->vm_fd = -1;
}
