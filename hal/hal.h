/* SPDX-License-Identifier: MIT */
/* What the rest of the kernel may ask of the CPU and the VMM (hal/x86_64/). */
#ifndef UK_HAL_H
#define UK_HAL_H

#include <stdint.h>

struct regs;

/* regs[0..3] = eax, ebx, ecx, edx of cpuid(leaf, subleaf). */
void hal_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
/* GDT, TSS, IDT, syscall MSRs, SSE/AVX state. Once, at boot. */
void hal_cpu_init(void);
uint64_t hal_rdtsc(void);
/* A hardware random number; 0 if the CPU has no RDRAND or it failed. */
int hal_rdrand(uint64_t *out);
void hal_set_fs_base(uint64_t v);
uint64_t hal_get_fs_base(void);
void hal_set_gs_base(uint64_t v);
uint64_t hal_get_gs_base(void);
void hal_load_cr3(uint64_t pml4_phys);
void hal_invlpg(uint64_t va);
/* The faulting address of the last page fault. */
uint64_t hal_read_cr2(void);
/* Physical address of a kernel-image or direct-map address. */
uint64_t hal_virt_to_phys(const void *v);
/* Start the program at rip with stack rsp, in ring 3. */
_Noreturn void hal_enter_user(uint64_t rip, uint64_t rsp);
/* Spin politely; for busy waits. */
void hal_pause(void);

/*
 * Interrupts (hal/x86_64/apic.c).  The kernel runs with interrupts off;
 * they are on in ring 3 and inside hal_wait_interrupt.
 */
#define HAL_VEC_TIMER 0x20
#define HAL_VEC_CONSOLE 0x21  /* I/O APIC line HAL_IRQ_CONSOLE */
#define HAL_VEC_SPURIOUS 0xff
#define HAL_IRQ_CONSOLE 4     /* COM1 on QEMU; the monitor's host events */
/* Local APIC on, every I/O APIC line masked, the timer ready. */
void hal_irq_init(void);
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
/* Copy a string of at most max bytes including its NUL: returns its length,
 * max if no NUL came within max bytes, or -EFAULT. */
long hal_strncpy_user(char *dst, const char *src, uint64_t max);

/* Find out at boot whether `syscall` changes privilege on this platform
 * (it does not under kvm_pvm); sets hal_syscall_faults.  Needs mm. */
void hal_syscall_probe(void);
/* Set by the probe: syscalls arrive as page faults at the entry. */
extern int hal_syscall_faults;
/* A trap during the probe ends it (never returns then); 0 otherwise. */
int hal_probe_trap(const struct regs *r);

/* Called by entry.S. */
void trap_handler(struct regs *r);
void hal_syscall(struct regs *r);
/* syscall/table.c: run the syscall r describes; the result goes in r. */
void syscall_dispatch(struct regs *r);

#endif
