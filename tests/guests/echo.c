/* SPDX-License-Identifier: MIT */
/*
 * Prints what an immediate poll of stdin sees (ret, then avail capped at
 * 9, as two digits), then copies stdin to stdout until EOF, asking again
 * while a read says there is nothing yet.  Exits 0, or
 * 1 if a read fails.
 */
#include "guest.h"

static char buf[64];

void guest_main(uint64_t boot_info)
{
    uint64_t avail;
    (void)boot_info;

    int64_t r = hc_poll(&avail);
    buf[0] = (char)('0' + r);
    buf[1] = (char)('0' + (avail > 9 ? 9 : avail));
    hc_write(1, buf, 2);
    for (;;) {
        int64_t n = hc_read(buf, sizeof(buf));
        if (n == -11) /* EAGAIN: this guest has no interrupts; ask again */
            continue;
        if (n == 0)
            hc_exit(0);
        if (n < 0)
            hc_exit(1);
        hc_write(1, buf, n);
    }
}
