/* SPDX-License-Identifier: MIT */
/* The program's CPU time, user and system (kernel/cputime.c). */
#ifndef UK_CPUTIME_H
#define UK_CPUTIME_H

#include <stdint.h>

/* Crossings between the program and the kernel (hal calls these). */
void cputime_enter(void);
void cputime_leave(void);
/* Halt until an interrupt; the time halted is nobody's CPU time. */
void cputime_halt(void);
/* CPU time used so far, in ns. */
void cputime_get(uint64_t *user_ns, uint64_t *sys_ns);
/* Page faults handled for the program (minor: none needs I/O). */
void cputime_count_fault(void);
uint64_t cputime_faults(void);

#endif
