/* SPDX-License-Identifier: MIT */
/* Random bytes: RDRAND when the CPU has it, mixed with a seed from the host
 * (kernel/random.c). */
#ifndef UK_RANDOM_H
#define UK_RANDOM_H

#include <stddef.h>

void random_bytes(void *buf, size_t n);

#endif
