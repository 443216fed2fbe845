/* SPDX-License-Identifier: MIT */
/* Between the credential files of syscall/ (caps.c, ids.c, proc.c). */
#ifndef UK_SYSCALL_CAPS_H
#define UK_SYSCALL_CAPS_H

#include <stdint.h>

/* The uids went from old_* to r, e, s: drop capabilities as Linux does. */
void caps_setuid(int old_r, int old_e, int old_s, int r, int e, int s);
/* The real uid, for the siginfo of signals the program sends. */
int cred_uid(void);
/* prctl's capability options (KEEPCAPS, CAPBSET_READ): result or
 * -EINVAL for any other option. */
long caps_prctl(int option, uint64_t arg);

#endif
