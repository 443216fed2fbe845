/* SPDX-License-Identifier: MIT */
/* Shared helpers of the ./scan unit test (test_scan*.c). */
#ifndef TEST_SCAN_H
#define TEST_SCAN_H

#include "tools/scan/scan.h"

extern int test_passed, test_failed;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (cond) {                                                            \
            test_passed++;                                                     \
        } else {                                                               \
            test_failed++;                                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
            printf(__VA_ARGS__);                                               \
            printf("\n");                                                      \
        }                                                                      \
    } while (0)

/* The whole file at path (malloc'd), or NULL. */
uint8_t *test_read(const char *path, size_t *size);

/* Run cmd through sh; its stdout and stderr (each truncated to cap bytes)
 * into out and err.  Returns the exit status, or -1. */
int test_run(const char *cmd, char *out, size_t outcap, char *err,
             size_t errcap);

/* Write broken variants of the valid ELF at good into dir, then check
 * that ./scan (the binary at scan) rejects each with one line and exit
 * status 2, as well as a directory, a missing file and usage errors. */
void test_bad_inputs(const char *scan, const char *good, const char *dir);

/* Dynamic closures (test_scan_dyn.c): dynhello (gcc's dynamic hello) and
 * the dyn-* and musl-dyn-hello programs in bins, through scan_closure and
 * ./scan; python3 if present; the ld.so cache and dynamic parsers. */
void test_dynamic(const char *scan, const char *bins, const char *dynhello);

#endif
