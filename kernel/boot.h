/* SPDX-License-Identifier: MIT */
/* Boot-time entry points of the kernel's parts. */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <stdint.h>

/* The console backend (enum uk_vmm), at once; terminal facts later. */
void console_init(int vmm);
void console_set_tty(const uint8_t tty[3], uint16_t rows, uint16_t cols);
/* The terminal changed size (SIGWINCH from the host). */
void console_set_winsize(uint16_t rows, uint16_t cols);
/* Tell the host how the run ended (after the last output byte) and stop. */
_Noreturn void console_exit(int status, int kind);
/* Start CPUs 1 .. n-1 (kernel/smp.c). */
void smp_boot(unsigned n);
/* stdin and the host's events, once interrupts work (console_in.c). */
void console_in_init(void);
void time_init(uint64_t tsc_khz, uint64_t realtime_ns);
void random_init(const uint8_t seed[32]);

/* The program's path in the guest, arguments and environment, with the
 * length of each string (from the args block, include/abi.h). */
struct exec_args {
    const char *path;
    int argc, envc;
    const char *const *argv, *const *envp;
    const uint64_t *argv_len, *envp_len;
};

/* Load the program and enter it; on failure report one line and end the
 * VM with the matching status. */
_Noreturn void exec_start(const struct exec_args *x);

/* The console backend in use (enum uk_vmm). */
extern int boot_vmm;

#endif
