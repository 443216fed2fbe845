/* SPDX-License-Identifier: MIT */
/*
 * The page the kernel shares with the vDSO (kernel/vdso.c writes it, the
 * vDSO's code reads it in ring 3): the clock's parameters under a
 * sequence count that is odd while they change.
 */
#ifndef UK_VDSO_DATA_H
#define UK_VDSO_DATA_H

#include <stdint.h>

struct vdso_data {
    volatile uint32_t seq;
    uint32_t pad;
    uint64_t tsc0;      /* ns = (tsc - tsc0) * mult >> 32 */
    uint64_t mult;
    uint64_t realtime0; /* the wall clock at ns 0 */
};

#endif
