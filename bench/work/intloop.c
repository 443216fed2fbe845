/* SPDX-License-Identifier: MIT */
/*
 * intloop ITERS: ITERS million rounds of xorshift64, registers only, no
 * memory traffic and no syscalls; ns per million rounds.  The final state
 * goes to stderr so that the loop stays.
 */
#include <stdint.h>

#include "work.h"

int main(int argc, char **argv)
{
    long rounds = work_iters(argc, argv) * 1000000L;
    uint64_t x = 88172645463325252ULL;

    double t0 = work_now_ns();
    for (long i = 0; i < rounds; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    double t1 = work_now_ns();

    if (x == 0) {
        fprintf(stderr, "intloop: state fell to 0\n");
        return 1;
    }
    fprintf(stderr, "intloop state %016llx\n", (unsigned long long)x);
    work_print("intloop", (t1 - t0) / (rounds / 1e6));
    return 0;
}
