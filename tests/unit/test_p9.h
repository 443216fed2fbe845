/* SPDX-License-Identifier: MIT */
/* Shared by the 9P server tests (test_p9.c) and the virtqueue tests
 * (test_p9_vq.c). */
#ifndef TEST_P9_H
#define TEST_P9_H

#include <stdio.h>

extern int failures;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);   \
            failures++;                                                        \
        }                                                                      \
    } while (0)

/* The virtio-mmio transport on fake guest RAM, serving host dir root. */
void test_vq(const char *root);
/* The fuzz harness (tests/fuzz/fuzz_p9.c), for replaying its corpus. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#endif
