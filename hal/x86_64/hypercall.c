// SPDX-License-Identifier: MIT
/* The monitor's hypercalls: one outl of the argument's physical address. */
#include "hal/hal.h"
#include "hal/x86_64/io.h"
#include "include/abi.h"

void hal_hypercall(int nr, void *arg)
{
    outl(UK_HC_PORT + nr, (uint32_t)hal_virt_to_phys(arg));
}
