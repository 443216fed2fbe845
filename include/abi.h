/* SPDX-License-Identifier: MIT */
/*
 * The one ABI between the guest kernel and whoever boots it: the built-in
 * KVM monitor (tools/monitor) or QEMU (through hal/x86_64/pvh.S, which turns
 * hvm_start_info into a struct uk_boot_info).  Nothing else defines these
 * numbers.  Guest addresses are plain uint64_t guest-physical addresses, so
 * the host side can never dereference one without a checked accessor.
 */
#ifndef UK_ABI_H
#define UK_ABI_H

#include <stdint.h>

#define UK_ABI_VERSION 3
#define UK_BOOT_MAGIC 0x554b424f4f54ULL /* "UKBOOT" */

/* Where the monitor puts things in guest-physical memory. */
#define UK_BOOT_PML4 0x1000ULL /* PML4, PDPT, PD: 3 pages */
#define UK_BOOT_GDT 0x4000ULL
#define UK_BOOT_INFO 0x5000ULL    /* struct uk_boot_info */
#define UK_BOOT_CMDLINE 0x6000ULL /* NUL-terminated, < UK_CMDLINE_MAX */
#define UK_CMDLINE_MAX 0x2000
#define UK_KERNEL_PHYS 0x100000ULL         /* kernel image load address */
#define UK_KERNEL_VIRT 0xffffffff80000000ULL /* + phys = kernel mapping */

/* Who booted us. */
enum uk_vmm {
    UK_VMM_MONITOR = 1, /* hypercalls below; console via UK_HC_WRITE/READ */
    UK_VMM_QEMU = 2,    /* serial console with the framing below */
};

struct uk_boot_info {
    uint64_t magic;       /* UK_BOOT_MAGIC */
    uint32_t version;     /* UK_ABI_VERSION */
    uint32_t vmm;         /* enum uk_vmm */
    uint64_t mem_size;    /* guest RAM is [0, mem_size) */
    uint64_t cmdline;     /* gpa of a NUL-terminated string */
    uint64_t initrd;      /* gpa of the cpio archive, page aligned */
    uint64_t initrd_size; /* bytes */
    uint64_t tsc_khz;     /* the TSC's rate, or 0: take tsc_khz= from cmdline */
};

/*
 * The initrd is an args block followed by a cpio (newc) archive.  The args
 * block starts with struct uk_args, then argc + envc + 1 uint64_t string
 * lengths, then as many NUL-terminated strings, one after the other: the
 * program's path in the guest, argv[0..argc), envp[0..envc).  (The lengths
 * spare the guest a pass over every byte, which is slow at CPL 0 on some
 * hypervisors.)
 * Its size is a multiple of 4096, so the archive after it stays page
 * aligned (and so does every file that ./run aligns inside it).
 */
#define UK_ARGS_MAGIC 0x32534752414b55ULL /* "UKARGS2" */
struct uk_args {
    uint64_t magic;       /* UK_ARGS_MAGIC */
    uint64_t size;        /* bytes of the block, padding included */
    uint32_t argc, envc;
    uint64_t realtime_ns; /* the host's time at launch, ns since the epoch */
    uint64_t tsc_khz;     /* the TSC's rate; 0: uk_boot_info has it */
    uint8_t tty[3];       /* stdin, stdout, stderr are terminals */
    uint8_t trace;        /* --trace */
    uint8_t report;       /* --syscall-report: count calls, report at exit */
    uint16_t rows, cols;  /* the terminal's size, 0 0 if unknown */
    uint8_t seed[32];     /* from the host's getrandom, for randomness
                           * when the CPU has no RDRAND */
    uint64_t sig_ignored; /* bit s-1: signal s was ignored when ./run
                           * started; the program starts with it ignored,
                           * as exec keeps ignored signals */
    uint32_t ncpus;       /* --smp: vCPUs the VMM offers (1 .. UK_MAX_CPUS) */
    uint32_t nmounts;     /* -v: host directories (0 .. UK_MAX_MOUNTS) */
};

/*
 * Host directories (-v HOST:GUEST[:ro|:rw]).  Mount i is a virtio 9p
 * device (9P2000.L, device ID 9) on virtio-mmio (version 2, modern)
 * at UK_VIRTIO_BASE + i * UK_VIRTIO_STRIDE, with mount tag "uk<i>".
 * QEMU's microvm puts its transports there; the monitor emulates the
 * same.  Its args-block string (after envp) is its kind and then the
 * guest path: 'r' read-only, 'w' writable, or 'o' read-only on the host
 * with the guest's changes kept in memory (an overlay: the default view).  The monitor serves a request before the guest's write
 * to QueueNotify returns; QEMU raises the slot's I/O APIC line
 * UK_VIRTIO_IRQ + i when it is done.
 */
#define UK_MAX_MOUNTS 8
#define UK_VIRTIO_BASE 0xfeb00000ULL
#define UK_VIRTIO_STRIDE 0x200ULL
#define UK_VIRTIO_IRQ 5

/*
 * Hypercalls (monitor only).  The guest writes the low 32 bits of the
 * guest-physical address of the argument struct with `outl` to port
 * UK_HC_PORT + nr.  Structs live below 4 GiB.  OUT fields are written by
 * the monitor; ret is a byte count or -errno (Linux values).  No hypercall
 * blocks: when stdin has nothing (READ returns -EAGAIN, POLL returns 0),
 * the monitor watches it and raises I/O APIC line UK_IRQ_HOST once it is
 * readable.  It raises the same line when ./run receives a signal for the
 * program.  The guest then asks UK_HC_EVENTS what happened.
 */
#define UK_HC_PORT 0x500
#define UK_REPORT_FD 3 /* the stream of --syscall-report */
#define UK_IRQ_HOST 4  /* I/O APIC line of host events (COM1's on QEMU) */
enum uk_hypercall {
    UK_HC_WRITE = 1,  /* struct uk_hc_io: stdout (1), stderr (2) or the
                       * syscall report (UK_REPORT_FD) */
    UK_HC_READ = 2,   /* struct uk_hc_io: read from host fd 0 */
    UK_HC_EXIT = 3,   /* struct uk_hc_exit: end the VM */
    UK_HC_POLL = 4,   /* struct uk_hc_poll: is stdin readable? */
    UK_HC_EVENTS = 5, /* struct uk_hc_events: what the last UK_IRQ_HOST
                       * was for; taking them acknowledges them */
    UK_HC_CPU_START = 6, /* struct uk_hc_cpu: start another vCPU, in
                          * 64-bit mode at rip, as QEMU's would be after
                          * INIT and STARTUP and a trampoline */
    UK_HC_STOP = 7,   /* struct uk_hc_stop: the first process stopped;
                       * ./run stops too, as a job of the host's shell */
    UK_HC_TERMIOS = 8, /* struct uk_hc_termios: the program set its
                        * terminal's modes; ./run applies them to its own */
    UK_HC_MAX
};

struct uk_hc_io {
    uint64_t fd;  /* IN: 0, 1 or 2 */
    uint64_t buf; /* IN: gpa */
    uint64_t len; /* IN */
    int64_t ret;  /* OUT: bytes done (0 = EOF on read) or -errno */
};

#define UK_MAX_CPUS 16

struct uk_hc_cpu {
    uint32_t cpu;      /* IN: 1 .. ncpus-1, each once */
    uint32_t pad;
    uint64_t rip, rsp; /* IN: kernel virtual addresses */
    uint64_t cr3;      /* IN: the page tables to start with */
    uint64_t arg;      /* IN: in %rdi */
    int64_t ret;       /* OUT: 0 or -errno */
};

/* How the guest ended; the exit status is the program's own. */
enum uk_exit_kind {
    UK_EXIT_NORMAL = 0, /* status is what the program passed to exit */
    UK_EXIT_SIGNAL = 1, /* status is 128 + signal */
    UK_EXIT_PANIC = 2,  /* kernel panic; status UK_STATUS_PANIC */
    UK_EXIT_ERROR = 3,  /* could not start the program; status says why */
};

struct uk_hc_exit {
    uint32_t status; /* IN: 0..255 */
    uint32_t kind;   /* IN: enum uk_exit_kind */
};

struct uk_hc_poll {
    uint64_t avail; /* OUT: bytes readable on stdin now (FIONREAD) */
    int64_t ret;    /* OUT: 1 readable (or EOF), 0 not yet, -errno */
};

struct uk_hc_stop {
    uint32_t sig; /* IN: the signal that stopped it (SIGSTOP, SIGTSTP, ...) */
    uint32_t pad;
};

struct uk_hc_termios { /* Linux's termios values */
    uint32_t iflag, oflag, lflag;
    uint8_t cc[20]; /* c_cc[0..16] (VINTR .. VEOL2), then padding */
};

struct uk_hc_events {
    uint64_t signals; /* OUT: bit s-1 for each signal s sent to ./run */
    uint64_t stdin;   /* OUT: 1 if stdin became readable */
    uint16_t rows, cols; /* OUT: the terminal's size, with SIGWINCH */
    uint32_t pad;
};

/* Exit statuses that are not the program's own. */
#define UK_STATUS_PANIC 124    /* the kernel panicked */
#define UK_STATUS_VMM 125      /* ./run, the monitor or QEMU failed */
#define UK_STATUS_NOEXEC 126   /* the program is not a loadable ELF */
#define UK_STATUS_NOTFOUND 127 /* the program is missing */

/*
 * QEMU console framing.  One serial port (COM1) carries everything.
 * Guest to host: bytes are program output on the current stream; 0xff
 * starts an escape: 0xff 0xff is a literal 0xff, 0xff UK_SER_STDOUT,
 * 0xff UK_SER_STDERR and 0xff UK_SER_REPORT switch the stream, 0xff UK_SER_EXIT s k ends the run
 * with status s and enum uk_exit_kind k, 0xff UK_SER_READY says the UART
 * is set up: the host sends no stdin before it, since bytes that reach
 * the UART earlier may be lost.
 * 0xff UK_SER_SIGACK s says the guest took signal s the host sent.
 * 0xff UK_SER_STOP s says signal s stopped the first process: ./run stops
 * itself with s (the host's SIGCONT then travels back as a signal).
 * 0xff UK_SER_TERMIOS and the 32 bytes of a struct uk_hc_termios: the
 * program set its terminal's modes.
 * Host to guest: stdin bytes, with 0xff 0xff a literal 0xff,
 * 0xff UK_SER_EOF the end of stdin, 0xff UK_SER_SIGNAL s a signal s that
 * ./run received for the program, and 0xff UK_SER_WINSIZE r r c c the
 * terminal's new size (rows, cols: big-endian 16 bits), before the
 * SIGWINCH that announces it.  The guest takes them from COM1's
 * receive interrupt (I/O APIC line UK_IRQ_HOST).
 */
#define UK_SER_ESC 0xff
#define UK_SER_STDOUT 0x01
#define UK_SER_STDERR 0x02
#define UK_SER_EXIT 0x03
#define UK_SER_EOF 0x04
#define UK_SER_READY 0x05
#define UK_SER_REPORT 0x06
#define UK_SER_SIGNAL 0x07
#define UK_SER_SIGACK 0x08
#define UK_SER_WINSIZE 0x09
#define UK_SER_STOP 0x0a
#define UK_SER_TERMIOS 0x0b
#define UK_DEBUG_EXIT_PORT 0xf4 /* isa-debug-exit, after UK_SER_EXIT */

#endif
