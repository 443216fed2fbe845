/* SPDX-License-Identifier: MIT */
/*
 * calib ITERS: ns per million instructions of a loop of known length,
 * ITERS million rounds of "dec; jnz", so 2 * ITERS million instructions.
 * Under -icount, bench/compare divides the other figures by this one to
 * get guest instructions.
 */
#include "work.h"

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    unsigned long n = iters * 1000000UL;

    double t0 = work_now_ns();
    __asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
    double t1 = work_now_ns();

    if (n != 0) {
        fprintf(stderr, "calib: loop ended at %lu\n", n);
        return 1;
    }
    work_print("calib", (t1 - t0) / (2.0 * iters));
    return 0;
}
