/* SPDX-License-Identifier: MIT */
/* The vDSO (kernel/vdso.c). */
#ifndef UK_VDSO_H
#define UK_VDSO_H

#include <stdint.h>

/* The shared page, with the clock's parameters.  After time_init. */
void vdso_init(void);
/* The wall clock was set. */
void vdso_set_realtime(uint64_t realtime0);
/* Map it into the program: the address of its ELF header (for
 * AT_SYSINFO_EHDR), or 0 if it could not be mapped. */
uint64_t vdso_map(void);

#endif
