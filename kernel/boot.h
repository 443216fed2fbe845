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

/* Load the program at path (in the guest fs) and enter it; on failure
 * report one line and end the VM with the matching status. */
_Noreturn void exec_start(const char *path, int argc, char **argv, int envc,
                          char **envp);

/* The console backend in use (enum uk_vmm). */
extern int boot_vmm;

#endif
