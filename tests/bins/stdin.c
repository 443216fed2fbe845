/* SPDX-License-Identifier: MIT */
/* Streams stdin to EOF with read(2) and prints its length and checksums
 * (FNV-1a and a byte histogram digest). Chunk sizes are not printed:
 * they legitimately differ between runs. */
#include "t.h"
#include <stdint.h>

int main(void)
{
    static unsigned char buf[65536 + 13];
    uint64_t fnv = 1469598103934665603ull, len = 0, hist[256] = {0};
    long n;
    while ((n = read(0, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            printf("read = %s\n", t_errname(errno));
            return 1;
        }
        for (long i = 0; i < n; i++) {
            fnv = (fnv ^ buf[i]) * 1099511628211ull;
            hist[buf[i]]++;
        }
        len += n;
    }
    printf("length %llu\n", (unsigned long long)len);
    printf("fnv1a %016llx\n", (unsigned long long)fnv);
    printf("zero bytes %llu, 0xff bytes %llu\n", (unsigned long long)hist[0],
           (unsigned long long)hist[255]);
    T("read after EOF", read(0, buf, 1));
    return 0;
}
