// SPDX-License-Identifier: MIT
#include "kernel/kernel.h"
#include "kernel/random.h"
#include "syscall/linux.h"

long sys_getrandom(void *buf, uint64_t len, unsigned flags)
{
    uint8_t chunk[256];
    if (flags & ~(LX_GRND_NONBLOCK | LX_GRND_RANDOM | LX_GRND_INSECURE))
        return -EINVAL;
    if ((flags & LX_GRND_RANDOM) && (flags & LX_GRND_INSECURE))
        return -EINVAL;
    if (len > 0x1ffffff)
        len = 0x1ffffff; /* Linux's cap for one call */
    for (uint64_t done = 0; done < len;) {
        uint64_t n = MIN(len - done, sizeof(chunk));
        random_bytes(chunk, n);
        if (copy_to_user((uint8_t *)buf + done, chunk, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)len;
}
