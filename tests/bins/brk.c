/* SPDX-License-Identifier: MIT */
/* The raw brk syscall: query, grow (new memory is zero and usable),
 * shrink, and a request below the start that is refused. */
#include "t.h"
#include <stdint.h>

#define MB (1024 * 1024)

static uintptr_t brk_(uintptr_t a)
{
    return (uintptr_t)syscall(SYS_brk, a);
}

int main(void)
{
    /* print first: glibc may allocate stdout's buffer with brk */
    printf("brk test\n");
    uintptr_t b0 = brk_(0);
    FACT("initial brk nonzero", b0 != 0);
    FACT("brk(0) stable", brk_(0) == b0);
    uintptr_t b1 = brk_(b0 + 4 * MB);
    FACT("grow 4 MiB", b1 == b0 + 4 * MB);
    unsigned char *p = (unsigned char *)b0;
    long nz = 0;
    for (long i = 0; i < 4 * MB; i += 4096)
        nz += p[i], p[i] = 1;
    printf("nonzero in new heap %ld\n", nz);
    FACT("grow unaligned", brk_(b1 + 100) == b1 + 100);
    p[4 * MB + 50] = 3;
    FACT("shrink", brk_(b0 + MB) == b0 + MB);
    FACT("regrow", brk_(b0 + 4 * MB) == b0 + 4 * MB);
    nz = 0;
    for (long i = MB; i < 4 * MB; i += 4096)
        nz += p[i];
    printf("nonzero after shrink+regrow %ld\n", nz);
    FACT("below start refused (returns current)", brk_(b0 - 8 * MB) == b0 + 4 * MB);
    FACT("huge refused (returns current)", brk_(b0 + (1ul << 46)) == b0 + 4 * MB);
    FACT("back to start", brk_(b0) == b0);
    return 0;
}
