/* SPDX-License-Identifier: MIT */
/*
 * Prints what an immediate poll of stdin sees (ret, then avail capped at
 * 9, as two digits), then copies stdin to stdout until EOF.  Exits 0, or
 * 1 if a read fails.
 */
#include "guest.h"

static char buf[64];

void guest_main(uint64_t boot_info)
{
    uint64_t avail;
    (void)boot_info;

    int64_t r = hc_poll(0, &avail);
    buf[0] = (char)('0' + r);
    buf[1] = (char)('0' + (avail > 9 ? 9 : avail));
    hc_write(1, buf, 2);
    for (;;) {
        hc_poll(-1, &avail);
        int64_t n = hc_read(buf, sizeof(buf));
        if (n == 0)
            hc_exit(0);
        if (n < 0)
            hc_exit(1);
        hc_write(1, buf, n);
    }
}
