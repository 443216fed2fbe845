/* SPDX-License-Identifier: MIT */
/* monitor_run: set the VM up, then one loop with one switch over exits. */
#define MONITOR_INTERNAL
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "abi.h"
#include "monitor.h"

static const char *exit_name(uint32_t reason)
{
    switch (reason) {
    case KVM_EXIT_IO:
        return "io";
    case KVM_EXIT_MMIO:
        return "mmio";
    case KVM_EXIT_HLT:
        return "hlt";
    case KVM_EXIT_SHUTDOWN:
        return "shutdown";
    case KVM_EXIT_FAIL_ENTRY:
        return "fail_entry";
    case KVM_EXIT_INTERNAL_ERROR:
        return "internal_error";
    case KVM_EXIT_EXCEPTION:
        return "exception";
    case KVM_EXIT_DEBUG:
        return "debug";
    case KVM_EXIT_SYSTEM_EVENT:
        return "system_event";
    default:
        return "unknown";
    }
}

/* The guest's rip, for error messages; 0 if KVM will not say. */
static unsigned long long guest_rip(struct monitor_vcpu *c)
{
    struct kvm_regs regs;
    if (ioctl(c->fd, KVM_GET_REGS, &regs) < 0)
        return 0;
    return regs.rip;
}

/* The first bytes of the instruction at the guest's rip, as hex, so that a
 * failed emulation names its instruction; "?" if it cannot be read. */
static const char *insn_bytes(struct monitor_vcpu *c, uint64_t rip, char *buf,
                              size_t n)
{
    struct kvm_translation tr = {.linear_address = rip};
    const uint8_t *p;
    size_t len = 0;

    snprintf(buf, n, "?");
    if (ioctl(c->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
        return buf;
    p = monitor_gpa(c->vm, tr.physical_address, 8);
    for (int i = 0; p && i < 8 && len + 4 < n; i++)
        len += snprintf(buf + len, n - len, "%s%02x", i ? " " : "", p[i]);
    return buf;
}

static void trace_exit(struct monitor_vcpu *c)
{
    struct kvm_run *run = c->run;

    if (run->exit_reason == KVM_EXIT_IO)
        fprintf(stderr, "uk: exit io %s port 0x%x size %u count %u\n",
                run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                run->io.port, run->io.size, run->io.count);
    else if (run->exit_reason == KVM_EXIT_MMIO)
        fprintf(stderr, "uk: exit mmio %s gpa 0x%llx len %u\n",
                run->mmio.is_write ? "write" : "read",
                (unsigned long long)run->mmio.phys_addr, run->mmio.len);
    else
        fprintf(stderr, "uk: exit %s (%u) rip 0x%llx\n",
                exit_name(run->exit_reason), run->exit_reason, guest_rip(c));
}

/* An I/O exit: a hypercall if it is a 4-byte out to one of our ports. */
static int handle_io(struct monitor_vcpu *c, int *status)
{
    struct kvm_run *run = c->run;
    uint32_t arg;

    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1 ||
        run->io.data_offset > c->vm->run_size - sizeof(arg)) {
        fprintf(stderr,
                "uk: guest did a %u-byte %s at I/O port 0x%x "
                "(rip 0x%llx), not a hypercall\n",
                run->io.size,
                run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                run->io.port, guest_rip(c));
        return -EINVAL;
    }
    memcpy(&arg, (uint8_t *)run + run->io.data_offset, sizeof(arg));
    return hc_handle(c->vm, run->io.port, arg, status);
}

int monitor_vcpu_loop(struct monitor_vcpu *c)
{
    struct monitor_vm *vm = c->vm;
    struct kvm_run *run = c->run;
    int status = UK_STATUS_VMM, r;

    for (;;) {
        if (ioctl(c->fd, KVM_RUN, 0) < 0) {
            if (vm->stopping)
                return UK_STATUS_VMM;
            if (errno == EINTR || errno == EAGAIN)
                continue;
            fprintf(stderr, "uk: KVM_RUN: %s\n", strerror(errno));
            return UK_STATUS_VMM;
        }
        if (vm->trace)
            trace_exit(c);

        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            r = handle_io(c, &status);
            if (r < 0)
                return UK_STATUS_VMM;
            if (r > 0)
                return status;
            break;
        case KVM_EXIT_MMIO:
            r = virtio_mmio_access(vm, run->mmio.phys_addr, run->mmio.data,
                                   run->mmio.len, run->mmio.is_write);
            if (r == 0)
                break;
            if (r < 0)
                return UK_STATUS_VMM;
            fprintf(stderr,
                    "uk: guest %s %u bytes at 0x%llx, which is not "
                    "guest memory (rip 0x%llx)\n",
                    run->mmio.is_write ? "wrote" : "read", run->mmio.len,
                    (unsigned long long)run->mmio.phys_addr, guest_rip(c));
            return UK_STATUS_VMM;
        case KVM_EXIT_HLT: /* the in-kernel irqchip handles hlt itself */
            fprintf(stderr,
                    "uk: guest halted without exiting through the "
                    "monitor (rip 0x%llx)\n",
                    guest_rip(c));
            return UK_STATUS_VMM;
        case KVM_EXIT_SHUTDOWN:
            fprintf(stderr,
                    "uk: guest kernel crashed: triple fault "
                    "(rip 0x%llx)\n",
                    guest_rip(c));
            return UK_STATUS_PANIC;
        case KVM_EXIT_FAIL_ENTRY:
            fprintf(stderr,
                    "uk: KVM could not enter the guest: hardware "
                    "entry failure 0x%llx\n",
                    (unsigned long long)
                        run->fail_entry.hardware_entry_failure_reason);
            return UK_STATUS_VMM;
        case KVM_EXIT_INTERNAL_ERROR: {
            char insn[40];
            uint64_t rip = guest_rip(c);
            if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION)
                fprintf(stderr,
                        "uk: KVM cannot emulate the guest "
                        "instruction at rip 0x%llx (bytes %s)\n",
                        (unsigned long long)rip,
                        insn_bytes(c, rip, insn, sizeof(insn)));
            else
                fprintf(stderr,
                        "uk: KVM internal error: suberror %u "
                        "(rip 0x%llx)\n",
                        run->internal.suberror, (unsigned long long)rip);
            return UK_STATUS_VMM;
        }
        default:
            fprintf(stderr, "uk: unexpected VM exit: %s (%u, rip 0x%llx)\n",
                    exit_name(run->exit_reason), run->exit_reason,
                    guest_rip(c));
            return UK_STATUS_VMM;
        }
    }
}

static void *vcpu_thread(void *arg)
{
    struct monitor_vcpu *c = arg;
    struct monitor_vm *vm = c->vm;
    int status = monitor_vcpu_loop(c);
    pthread_mutex_lock(&vm->lock);
    if (!vm->done) {
        vm->status = status;
        vm->done = 1;
    }
    pthread_mutex_unlock(&vm->lock);
    uint64_t one = 1;
    if (write(vm->wake_fd, &one, sizeof(one)) < 0) {
        /* the control loop polls the flag anyway */
    }
    return NULL;
}

int monitor_vcpu_start(struct monitor_vcpu *c)
{
    int err = pthread_create(&c->thread, NULL, vcpu_thread, c);
    if (err) {
        fprintf(stderr, "uk: cannot start a vCPU thread: %s\n", strerror(err));
        return -err;
    }
    c->started = 1;
    return 0;
}

int monitor_run(const struct monitor_config *cfg)
{
    struct monitor_kernel k;
    struct monitor_vm vm = {.wake_fd = -1};
    uint64_t mem_size = cfg->mem_size & ~0xfffULL;
    int status = UK_STATUS_VMM;

    if (monitor_boot_check(cfg, mem_size, &k) < 0)
        return UK_STATUS_VMM;
    if (monitor_vm_create(&vm, mem_size) < 0)
        goto out_kernel;
    vm.trace = cfg->trace_exits;
    vm.report_fd = cfg->report_fd;
    vm.ncpus = cfg->ncpus ? cfg->ncpus : 1;
    if (vm.ncpus > UK_MAX_CPUS)
        vm.ncpus = UK_MAX_CPUS;
    if (virtio_mmio_setup(&vm, cfg) < 0 ||
        monitor_boot_load(&vm, &k, cfg) < 0 || monitor_cpu_setup(&vm) < 0 ||
        monitor_events_init(&vm) < 0 || monitor_vcpu_start(&vm.vcpu[0]) < 0)
        goto out_vm;
    status = monitor_events_loop(&vm);
    for (unsigned i = 0; i < UK_MAX_CPUS; i++)
        if (vm.vcpu[i].started)
            pthread_join(vm.vcpu[i].thread, NULL);
out_vm:
    if (vm.wake_fd >= 0)
        close(vm.wake_fd);
    virtio_mmio_teardown(&vm);
    monitor_vm_destroy(&vm);
out_kernel:
    monitor_boot_release(&k);
    return status;
}
