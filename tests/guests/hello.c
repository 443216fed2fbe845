/* SPDX-License-Identifier: MIT */
/* Writes "hello\n" to stdout, then exits with status 7. */
#include "guest.h"

static const char msg[] = "hello\n";

void guest_main(uint64_t boot_info)
{
    (void)boot_info;
    hc_write(1, msg, sizeof(msg) - 1);
    hc_exit(7);
}
