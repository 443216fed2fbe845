/* SPDX-License-Identifier: MIT */
/* The dispatch table generated from syscalls.def, and tracing. */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <stdint.h>

struct regs;

/* Linux's name for syscall nr, or NULL. */
const char *syscall_name(uint64_t nr);
/* The --trace argument letters of nr (see syscalls.def). */
const char *syscall_args(uint64_t nr);
/* Set up dispatch; trace != 0 prints every call (--trace). */
void syscall_init(int trace);
/* Print one strace-style line for a finished call (ret) or, when done is
 * 0, for one that does not return (exit). */
void trace_syscall(const struct regs *r, long ret, int done);
/* The Linux name of errno value e ("ENOENT"), or NULL. */
const char *errno_name(long e);

/* State the other modules share. */
void mm_brk_init(uint64_t start);

#endif
