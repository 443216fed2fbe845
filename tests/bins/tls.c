/* SPDX-License-Identifier: MIT */
/* Thread pointer and tid address: arch_prctl ARCH_GET_FS matches %fs:0
 * (the libc's self pointer), TLS variables work, set_tid_address returns
 * the tid. */
#include "t.h"
#include <stdint.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

static __thread int tv = 1234;
static __thread char tbuf[100];

int main(void)
{
    uintptr_t fs = 0, self = 0;
    T("ARCH_GET_FS", syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    FACT("fs base nonzero", fs != 0);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    FACT("fs:0 == fs base", self == fs);
    FACT("tls var initialised", tv == 1234);
    tv++;
    tbuf[99] = 5;
    FACT("tls var near fs base", (uintptr_t)&tv < fs && fs - (uintptr_t)&tv < 65536);
    T("tls values", tv + tbuf[99]);
    uintptr_t gs = 1;
    T("ARCH_GET_GS", syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    T("gs base", (long)gs);
    T("ARCH_SET_GS", syscall(SYS_arch_prctl, ARCH_SET_GS, 0x12345000));
    syscall(SYS_arch_prctl, ARCH_GET_GS, &gs);
    printf("gs base after set %#lx\n", (unsigned long)gs);
    syscall(SYS_arch_prctl, ARCH_SET_GS, 0);
    T("ARCH_SET_FS non-canonical", syscall(SYS_arch_prctl, ARCH_SET_FS, 0x8000000000000000ul));
    T("bad code", syscall(SYS_arch_prctl, 0x9999, &gs));
    static int ctid;
    long r = syscall(SYS_set_tid_address, &ctid);
    FACT("set_tid_address returns tid", r == syscall(SYS_gettid));
    return 0;
}
