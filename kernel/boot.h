/* SPDX-License-Identifier: MIT */
/* Options ./run passes on the kernel command line (kernel/cmdline.c). */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <stdint.h>

struct boot_opts {
    uint64_t tsc_khz;     /* tsc_khz=N: the TSC's rate */
    uint64_t realtime_ns; /* rt=N: host time at launch, ns since the epoch */
    int tty[3];           /* tty=XYZ: 1 when stdin/stdout/stderr is a tty */
    uint16_t rows, cols;  /* winsz=RxC */
    int trace;            /* trace=1: --trace */
    uint8_t seed[32];     /* seed=64 hex digits from the host's getrandom */
};

/* Parse "key=value key=value ...".  Unknown keys are reported, not fatal. */
void cmdline_parse(const char *s, struct boot_opts *o);

void console_init(int vmm, const struct boot_opts *o);
/* Tell the host how the run ended (after the last output byte) and stop. */
_Noreturn void console_exit(int status, int kind);
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
