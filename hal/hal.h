/* SPDX-License-Identifier: MIT */
/* What the rest of the kernel may ask of the CPU and the VMM (hal/x86_64/). */
#ifndef UK_HAL_H
#define UK_HAL_H

#define HAL_MAX_CPUS 16
/* Syscall numbers below this may have a short path (hal_fast_syscalls). */
#define HAL_FAST_NR 192

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct regs;

/* regs[0..3] = eax, ebx, ecx, edx of cpuid(leaf, subleaf). */
void hal_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
/* CPU id's GDT, TSS, syscall MSRs, GS base, SSE/AVX state (and the
 * shared IDT, with id 0), with stack_top as its kernel stack for now. */
void hal_cpu_init(unsigned id, uint64_t stack_top);
/* Two words of this CPU's own area (GS in the kernel; the offsets are
 * checked in hal/x86_64/percpu.h), read inline on every kernel entry:
 * this CPU's number, 0 .. ncpus-1, and the task it runs, which the
 * scheduler sets with hal_cpu_set_task (on any CPU). */
#define HAL_PCPU_TASK 24
#define HAL_PCPU_ID 32
static inline unsigned hal_cpu_id(void)
{
    unsigned id;
    __asm__ volatile("movl %%gs:32, %0" : "=r"(id));
    return id;
}
/* The scheduler's flag of this CPU: switch before going back to ring 3.
 * Every return to ring 3 reads it, so it lives with the CPU's own data. */
#define HAL_PCPU_RESCHED 36
static inline int hal_resched_due(void)
{
    int v;
    __asm__ volatile("movl %%gs:36, %0" : "=r"(v));
    return v;
}
void hal_set_resched(unsigned id, int v);
static inline void *hal_cpu_task(void)
{
    void *t;
    __asm__ volatile("movq %%gs:24, %0" : "=r"(t));
    return t;
}
void hal_cpu_set_task(unsigned id, void *task);
/* Entries from ring 3 on this CPU use the kernel stack below top. */
void hal_set_kernel_stack(uint64_t top);
/* Save this task's kernel stack pointer in *save_ksp and continue on the
 * stack ksp (saved by an earlier hal_switch, or from hal_task_stack). */
void hal_switch(uint64_t *save_ksp, uint64_t ksp);
/* Prepare a new kernel stack ending at top: returns the ksp whose first
 * hal_switch runs kernel_exit() and then enters ring 3 with the registers
 * *regs points to (at the top of the stack; the caller fills them in). */
uint64_t hal_task_stack(uint64_t top, struct regs **regs);
/* Registers for a task that enters ring 3 at rip with stack rsp, all else
 * zero. */
void hal_regs_user(struct regs *r, uint64_t rip, uint64_t rsp);
/* The program's GS base (swapped in on the way to ring 3). */
void hal_set_user_gs_base(uint64_t v);

/* FPU/SSE/AVX state of the program (fpu.c); areas are 64-byte aligned. */
void hal_fpu_setup(uint64_t xcr0);
size_t hal_fpu_size(void);
uint64_t hal_fpu_features(void);
void hal_fpu_save(void *area);
void hal_fpu_restore(const void *area);
/* The state a new program starts with. */
void hal_fpu_init_area(void *area);
/* Whether an image from user memory can be restored (extended: it has
 * the XSAVE header; else only its legacy part counts, and the rest is
 * set to match). */
int hal_fpu_check(void *area, int extended);

/* Signal frames (sigframe.c), in Linux's x86-64 layout. */
struct hal_stack {
    uint64_t sp;
    int flags;
    uint64_t size;
};
struct hal_sigframe {
    int sig;
    const void *info;          /* 128 bytes of siginfo */
    uint64_t handler, restorer;
    uint64_t mask;             /* the mask to restore */
    uint64_t sp;               /* where the frame goes below */
    struct hal_stack stack;    /* uc_stack: the alternate stack */
    uint64_t err, trapno, cr2; /* of the fault that raised it */
    void *fpu;                 /* the task's FPU state, just saved */
};
/* Write the frame and point r at the handler.  0, or -EFAULT. */
int hal_signal_frame(struct regs *r, const struct hal_sigframe *a);
/* rt_sigreturn: r from the frame at r->rsp, the FPU image into fpu, the
 * saved mask and uc_stack out.  0, or -EFAULT (a bad frame: SIGSEGV). */
int hal_signal_return(struct regs *r, uint64_t *mask, struct hal_stack *st,
                      void *fpu);
/* The program's registers as the kernel needs them (context.c): stack
 * and instruction pointers, the syscall's number (-1 when r is not a
 * syscall's) and return value; restart runs the syscall instruction
 * again, as syscall nr. */
uint64_t hal_regs_sp(const struct regs *r);
uint64_t hal_regs_ip(const struct regs *r);
void hal_regs_set_ip(struct regs *r, uint64_t ip);
long hal_regs_retval(const struct regs *r);
void hal_regs_set_retval(struct regs *r, long v);
long hal_regs_syscall_nr(const struct regs *r);
void hal_regs_restart(struct regs *r, long nr);
void hal_regs_set_sp(struct regs *r, uint64_t sp);
size_t hal_regs_size(void);
static inline uint64_t hal_rdtsc(void)
{
    uint64_t v;
    __asm__ volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax"
                     : "=a"(v)
                     :
                     : "rdx");
    return v;
}
/* A hardware random number; 0 if the CPU has no RDRAND or it failed. */
int hal_rdrand(uint64_t *out);
void hal_set_fs_base(uint64_t v);
uint64_t hal_get_fs_base(void);
void hal_load_cr3(uint64_t pml4_phys);
void hal_invlpg(uint64_t va);
/* Drop every non-global translation of this CPU. */
void hal_flush_tlb(void);
/* The faulting address of the last page fault. */
uint64_t hal_read_cr2(void);
/* Physical address of a kernel-image or direct-map address. */
uint64_t hal_virt_to_phys(const void *v);
/* Spin politely; for busy waits. */
void hal_pause(void);

/*
 * Interrupts (hal/x86_64/apic.c).  The kernel runs with interrupts off;
 * they are on in ring 3 and inside hal_wait_interrupt.
 */
#define HAL_VEC_TIMER 0x20
#define HAL_VEC_CONSOLE 0x21  /* I/O APIC line HAL_IRQ_CONSOLE */
#define HAL_VEC_VIRTIO 0x22   /* the lines of the virtio-mmio devices */
#define HAL_VEC_RESCHED 0xf0 /* IPI: look at the run queue */
#define HAL_VEC_TLB 0xf1     /* IPI: TLB shootdown (handled in hal) */
#define HAL_VEC_SPURIOUS 0xff
#define HAL_IRQ_CONSOLE 4     /* COM1 on QEMU; the monitor's host events */
/* The boot CPU: local APIC on, every I/O APIC line masked, the timer
 * ready. */
void hal_irq_init(void);
/* The same for the local APIC of another CPU. */
void hal_irq_cpu_init(void);
/* Deliver I/O APIC line pin as vector to this CPU (edge-triggered). */
void hal_irq_route(int pin, int vector);
/* Call fn (with interrupts off) when vector arrives. */
void hal_irq_handler(int vector, void (*fn)(void));
/* Acknowledge the interrupt being handled. */
void hal_irq_eoi(void);
/* One timer interrupt when the TSC reaches tsc (0: none). */
void hal_timer_set(uint64_t tsc);
/* Enable interrupts, halt until one has been handled, disable them. */
void hal_wait_interrupt(void);
/* Send interrupt vector to CPU id. */
void hal_send_ipi(unsigned id, int vector);
/* Start CPU id (1 ..) with its idle stack below stack_top; it runs
 * kernel_ap_main(id).  vmm is an enum uk_vmm.  0 once it runs, or
 * -errno. */
int hal_start_cpu(unsigned id, uint64_t stack_top, int vmm);
/* INIT and STARTUP to the CPU with this APIC id (apic.c). */
void hal_start_ap_sipi(uint32_t apic_id, unsigned page);
/* The kernel's side of a new CPU (kernel/smp.c). */
_Noreturn void kernel_ap_main(unsigned id);
/* CPU id takes part in TLB shootdowns from now on. */
void hal_tlb_online(unsigned id);
/* Every other online CPU drops its TLB entries for user addresses
 * [start, end) before this returns. */
void hal_tlb_shootdown(uint64_t start, uint64_t end);
/* Do a shootdown another CPU asked for, if any (while spinning). */
void hal_tlb_poll(void);

/* COM1 (QEMU only): raw bytes. */
void hal_serial_init(void);
void hal_serial_putc(uint8_t c);
/* Whether a received byte raises COM1's interrupt. */
void hal_serial_rx_irq(int on);
/* A received byte, or -1 if none is waiting. */
int hal_serial_getc(void);
/* Wait until every byte written has left the UART. */
void hal_serial_drain(void);
/* QEMU's isa-debug-exit: ends the VM. */
_Noreturn void hal_debug_exit(uint32_t code);

/* Monitor only: hypercall nr with a struct in the kernel image (bss). */
void hal_hypercall(int nr, void *arg);

/* User memory copies with fault recovery (uaccess.S): 0 or -EFAULT.  The
 * caller has checked that the range lies in the user half. */
long hal_copy_user(void *dst, const void *src, uint64_t n);
/* Compare *uaddr with old and, if equal, store new, atomically; *cur gets
 * the value found.  0 or -EFAULT; the caller checks the range. */
long hal_cmpxchg_user(uint32_t *uaddr, uint32_t old, uint32_t new,
                      uint32_t *cur);
/* Copy a string of at most max bytes including its NUL: returns its length,
 * max if no NUL came within max bytes, or -EFAULT. */
long hal_strncpy_user(char *dst, const char *src, uint64_t max);

/* Find out at boot whether `syscall` changes privilege on this platform
 * (it does not under kvm_pvm); sets hal_syscall_faults.  Needs mm. */
void hal_syscall_probe(void);
/* Set by the probe: syscalls arrive as page faults at the entry. */
extern int hal_syscall_faults;
/* The short path of the syscall entry: a call whose slot is set runs
 * straight from the entry with its arguments in registers, and returns to
 * ring 3 at once, with no struct regs, no kernel_syscall and so no lock,
 * CPU-time stamp or signal check.  Only for calls that read a word of the
 * running task or process: they never block, fault, or change what a
 * return to ring 3 must look at.  Filled before the first program runs. */
extern long (*hal_fast_syscalls[HAL_FAST_NR])(long, long, long, long, long,
                                                long);
/* A trap during the probe ends it (never returns then); 0 otherwise. */
int hal_probe_trap(const struct regs *r);

/* The kernel's side of every crossing from ring 3 (kernel/entry.c):
 * kernel_entry before anything else, kernel_exit last on the way back
 * (signals, rescheduling).  hal calls them. */
void kernel_entry(struct regs *r);
void kernel_exit(struct regs *r);
/* kernel_exit for a new task, on its first way to ring 3. */
void kernel_task_start(struct regs *r);
/* The whole syscall, from entry to exit (syscall/table.c). */
void kernel_syscall(struct regs *r);
/* An interrupt that came while the CPU was halted in the kernel. */
void kernel_irq_from_idle(void (*fn)(void));

/* Called by entry.S. */
void trap_handler(struct regs *r);
/* A return to ring 3 at a non-user address (hal_return_user). */
_Noreturn void hal_bad_return(struct regs *r);
/* syscall/table.c: run the syscall r describes; the result goes in r. */
void syscall_dispatch(struct regs *r);

#endif /* __ASSEMBLY__ */

#endif
