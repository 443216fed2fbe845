/* SPDX-License-Identifier: MIT */
/* rseq registration (Linux 6.1's 32-byte ABI): glibc registers its own
 * area at start-up, musl does not; both see the cpu_id fields filled. */
#include "t.h"
#include <stdint.h>

struct rseq_area {
    uint32_t cpu_id_start, cpu_id;
    uint64_t rseq_cs;
    uint32_t flags, pad[3];
} __attribute__((aligned(32)));

static struct rseq_area a = {.cpu_id = 0xdeadbeef};
static char buf[64] __attribute__((aligned(32)));
#define SIG 0x53053053

int main(void)
{
    long r = syscall(SYS_rseq, &a, 32, 0, SIG);
    int glibc_has_one = r < 0 && errno == EINVAL;
    printf("register: %s\n", r == 0 ? "ok" : glibc_has_one ? "libc has one" : t_errname(errno));
    if (r == 0) {
        FACT("cpu_id filled", a.cpu_id != 0xdeadbeef && a.cpu_id < 1024);
        FACT("cpu_id_start == cpu_id", a.cpu_id_start == a.cpu_id);
        T("again, same", syscall(SYS_rseq, &a, 32, 0, SIG));
        T("again, other sig", syscall(SYS_rseq, &a, 32, 0, SIG + 1));
        T("unregister, wrong sig", syscall(SYS_rseq, &a, 32, 1, SIG + 1));
        T("unregister", syscall(SYS_rseq, &a, 32, 1, SIG));
        FACT("cpu_id uninitialized", a.cpu_id == 0xffffffff);
        T("unregister again", syscall(SYS_rseq, &a, 32, 1, SIG));
        T("misaligned", syscall(SYS_rseq, buf + 8, 32, 0, SIG));
        T("short", syscall(SYS_rseq, buf, 16, 0, SIG));
        T("bad flags", syscall(SYS_rseq, buf, 32, 2, SIG));
        T("kernel address", syscall(SYS_rseq, (void *)0xffff800000000000UL, 32, 0, SIG));
    }
    return 0;
}
