/* SPDX-License-Identifier: MIT */
/*
 * The built-in KVM monitor (tools/monitor/): boots the kernel ELF on
 * /dev/kvm in 64-bit mode and serves the hypercalls of include/abi.h.
 * In the style of Solo5's hvt tender: small, boring, every guest address
 * checked before the host touches it.
 */
#ifndef UK_MONITOR_H
#define UK_MONITOR_H

#include <stdint.h>

#include "abi.h"

struct monitor_config {
    const char *kernel_path; /* the kernel ELF (build/kernel.elf) */
    uint64_t mem_size;       /* guest RAM bytes (rounded down to 4 KiB) */
    const void *initrd;      /* cpio archive bytes, in host memory */
    uint64_t initrd_size;
    const char *cmdline; /* kernel command line (< UK_CMDLINE_MAX) */
    int trace_exits;     /* debug: print each VM exit to stderr */
    int report_fd;       /* where stream UK_REPORT_FD goes; 0: nowhere */
    unsigned ncpus;      /* vCPUs the guest may start (0 means 1) */
    struct monitor_mount {  /* -v: host directories, virtio 9p devices */
        const char *host;   /* mount i: slot i of include/abi.h */
        int readonly;
    } mounts[UK_MAX_MOUNTS];
    unsigned nmounts;
};

/*
 * Boot the kernel on /dev/kvm and serve its hypercalls until it exits.
 * Returns the guest's exit status (0..255).  On a failure of its own, or a
 * guest that misbehaves towards the monitor, prints one line
 * "uk: <what failed>: <why>" to stderr and returns UK_STATUS_VMM, or
 * UK_STATUS_PANIC when the guest kernel crashed (triple fault).
 */
int monitor_run(const struct monitor_config *cfg);

/* Whether /dev/kvm can be opened and speaks KVM API version 12. */
int monitor_available(void);

/* The host's terminal (tools/monitor/terminal.c; both VMMs use it).
 * The program set its console's modes to t: apply them to ./run's
 * stdin, when that is a terminal.  Restore what ./run found (at its end). */
struct uk_hc_termios;
void monitor_set_termios(const struct uk_hc_termios *t);
void monitor_restore_termios(void);
/* The guest's first process stopped with signal sig: stop ./run with it,
 * as a job of the host's shell stops (SIGSTOP, or the default action of
 * SIGTSTP, SIGTTIN, SIGTTOU, which Linux drops in an orphaned group), with
 * the host's terminal modes meanwhile, and return once it goes on. */
void monitor_stop_self(int sig);

/*
 * Below: shared between the monitor's own files only, which define
 * MONITOR_INTERNAL before including this header.
 */
#ifdef MONITOR_INTERNAL
#include <elf.h>

#include "abi.h"
#include <pthread.h>
#include <stddef.h>

struct kvm_run;

struct monitor_vm;
struct virtio_9p;

/* One vCPU and the host thread that runs it. */
struct monitor_vcpu {
    struct monitor_vm *vm;
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    int started; /* its thread runs */
};

struct monitor_vm {
    int kvm_fd;
    int vm_fd;
    uint8_t *mem; /* guest RAM [0, mem_size) in host memory */
    uint64_t mem_size;
    struct monitor_vcpu vcpu[UK_MAX_CPUS]; /* [0] boots the kernel */
    unsigned ncpus;                        /* vCPUs the guest may start */
    size_t run_size;
    uint64_t entry; /* kernel entry (virtual) */
    int report_fd;  /* host fd for the guest's UK_REPORT_FD; 0: none */
    int trace;

    /* Between the vCPU thread and the control loop (events.c), under
     * lock.  The vCPU thread sets watch_stdin and takes the events; the
     * control loop sets the events and raises UK_IRQ_HOST. */
    pthread_mutex_t lock;
    int wake_fd;          /* eventfd: something for the control loop */
    int watch_stdin;      /* the guest waits for stdin to be readable */
    uint64_t ev_signals;  /* bit s-1: signal s not yet taken by the guest */
    int ev_stdin;         /* stdin became readable */
    uint16_t ev_rows, ev_cols; /* the terminal's size at the last SIGWINCH */
    int done;             /* the vCPU thread ended, with status */
    int status;
    volatile int stopping; /* the control loop is ending the VM */
    struct virtio_9p *virtio[UK_MAX_MOUNTS]; /* -v mounts; NULL: empty */
};

#define MONITOR_MAX_PHDR 32

/* What monitor_boot_check found in the kernel ELF. */
struct monitor_kernel {
    int fd;
    uint64_t entry; /* e_entry */
    uint64_t end;   /* first byte after the highest PT_LOAD (physical) */
    unsigned nphdr;
    Elf64_Phdr phdr[MONITOR_MAX_PHDR];
};

/*
 * Host pointer to the guest-physical range [gpa, gpa + len), or NULL if
 * any byte of it lies outside guest RAM.  Overflow-safe: the only way the
 * host may reach guest memory.
 */
static inline void *monitor_gpa(const struct monitor_vm *vm, uint64_t gpa,
                                uint64_t len)
{
    if (gpa > vm->mem_size || len > vm->mem_size - gpa)
        return NULL;
    return vm->mem + gpa;
}

/* Check the command line, open and validate the kernel ELF, and check that
 * it and the initrd fit in mem_size bytes; no guest memory is touched yet.
 * Returns 0, or -errno after printing one line. (boot.c) */
int monitor_boot_check(const struct monitor_config *cfg, uint64_t mem_size,
                       struct monitor_kernel *k);
/* Release what monitor_boot_check took. (boot.c) */
void monitor_boot_release(struct monitor_kernel *k);
/* Copy the kernel's PT_LOADs, the initrd and the command line into guest
 * RAM, and write the boot info, page tables and GDT.  Returns 0, or -errno
 * after printing one line. (boot.c) */
int monitor_boot_load(struct monitor_vm *vm, struct monitor_kernel *k,
                      const struct monitor_config *cfg);

/* Open /dev/kvm, create the VM with its RAM and one vCPU.  Returns 0, or
 * -errno after printing one line and releasing everything. (vm.c) */
int monitor_vm_create(struct monitor_vm *vm, uint64_t mem_size);
/* Release everything monitor_vm_create made. (vm.c) */
void monitor_vm_destroy(struct monitor_vm *vm);

/* Put the vCPU in 64-bit long mode at vm->entry with the guest's CPUID.
 * Returns 0, or -errno after printing one line. (cpu_x86_64.c) */
int monitor_cpu_setup(struct monitor_vm *vm);

/* Run vCPU c until the guest ends; returns its status. (run.c) */
int monitor_vcpu_loop(struct monitor_vcpu *c);
/* Start c's thread. 0 or -errno after one line. (run.c) */
int monitor_vcpu_start(struct monitor_vcpu *c);
/* Create vCPU id: its fd and run area.  0 or -errno after one line.
 * (vm.c) */
int monitor_vcpu_create(struct monitor_vm *vm, unsigned id);
/* Put vCPU id in 64-bit mode at rip with stack rsp, page tables cr3,
 * %rdi = arg (and %rsi = cr3, %rdx = rsp), and let it run.  0 or -errno
 * after one line. (cpu_x86_64.c) */
int monitor_cpu_setup_ap(struct monitor_vm *vm, unsigned id, uint64_t rip,
                         uint64_t rsp, uint64_t cr3, uint64_t arg);

/* Set up the control loop's state; call before any thread starts, since
 * it blocks the signals the control loop takes. 0 or -errno. (events.c) */
int monitor_events_init(struct monitor_vm *vm);
/* The control loop: serve stdin watches and ./run's signals until the
 * vCPU thread ends (or the guest ignores a signal's delivery for too
 * long); returns the exit status. (events.c) */
int monitor_events_loop(struct monitor_vm *vm);
/* Ask the control loop to watch stdin. (events.c) */
void monitor_watch_stdin(struct monitor_vm *vm);

/* Serve the hypercall `arg` written to `port`.  Returns 0 to resume the
 * guest, 1 when the guest ended with *status, or -errno after printing
 * one line. (hypercall.c) */
int hc_handle(struct monitor_vm *vm, uint16_t port, uint32_t arg, int *status);

/* Create the virtio 9p devices of cfg->mounts in vm->virtio[].  0, or
 * -errno after printing "uk: -v HOST: <why>". (virtio_mmio.c) */
int virtio_mmio_setup(struct monitor_vm *vm, const struct monitor_config *cfg);
/* Destroy them (and close every host file they hold). (virtio_mmio.c) */
void virtio_mmio_teardown(struct monitor_vm *vm);
/* The guest read or wrote len bytes at gpa; data holds what it wrote or
 * receives what it reads.  1: gpa is not a virtio-mmio slot; 0: served;
 * -1: the guest broke the virtqueue rules (one line printed "uk: virtio
 * 9p: ..."): end the VM with UK_STATUS_VMM.  Thread-safe. (virtio_mmio.c) */
int virtio_mmio_access(struct monitor_vm *vm, uint64_t gpa, uint8_t *data,
                       uint32_t len, int is_write);

#endif /* MONITOR_INTERNAL */
#endif
