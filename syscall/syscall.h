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
/* Its status here: "implemented", "partial", "stub" or "missing". */
const char *syscall_status(uint64_t nr);
/* Set up dispatch; trace prints every call (--trace), report counts them
 * for report_write (--syscall-report). */
void syscall_init(int trace, int report);

/* syscall/report.c: count one finished call of nr with result ret that
 * took tsc TSC ticks; name the program; write the JSON report to the
 * report stream. */
void report_count(uint64_t nr, long ret, uint64_t tsc);
void report_set_program(const char *path);
void report_write(void);
/* Called once as the program ends: writes the report if asked for. */
void syscall_at_exit(void);
/* Print one strace-style line for a finished call (ret) or, when done is
 * 0, for one that does not return (exit). */
void trace_syscall(const struct regs *r, long ret, int done);
/* The Linux name of errno value e ("ENOENT"), or NULL. */
const char *errno_name(long e);

/* State the other modules share. */
/* The heap (brk) starts at start, page aligned.  data_bytes is Linux's
 * end_data - start_data (from the highest segment's start to the end of
 * the file bytes of any): brk counts it against RLIMIT_DATA. */
void mm_brk_init(uint64_t start, uint64_t data_bytes);

#endif
