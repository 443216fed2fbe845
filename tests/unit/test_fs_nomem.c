/* SPDX-License-Identifier: MIT */
/*
 * The host heap behind kmalloc, able to run dry: the unit test links with
 * --wrap=malloc,--wrap=calloc,--wrap=realloc, so every allocation of
 * kernel/fs and syscall/fs*.c comes here and fails while fake_nomem is
 * set.  (Not in the fuzz harness, which links without --wrap.)
 */
#include <stddef.h>

#include "tests/unit/test_fs.h"

int fake_nomem;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
    return fake_nomem ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return fake_nomem ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fake_nomem ? NULL : __real_realloc(p, n);
}
