/* SPDX-License-Identifier: MIT */
/* Hypercalls on fds the monitor does not serve get -EBADF: exits with 9
 * (EBADF) if write(5) and read(1) both say so, else 1. */
#include "guest.h"

static char buf[4];

void guest_main(uint64_t boot_info)
{
    (void)boot_info;
    int64_t w = hc_io(UK_HC_WRITE, 5, GPA(buf), 1);
    int64_t r = hc_io(UK_HC_READ, 1, GPA(buf), 1);
    hc_exit(w == r && w < 0 ? (uint32_t)-w : 1);
}
