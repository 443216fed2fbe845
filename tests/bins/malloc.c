/* SPDX-License-Identifier: MIT */
/* The C library's allocator on top of brk/mmap: a 16 MiB block touched
 * page by page (each fault is slow where kernel-mode code is, as on
 * kvm_pvm), calloc zeroing, realloc growth, many small blocks. */
#include "t.h"
#include <stdint.h>

#define MB (1024 * 1024)

int main(void)
{
    unsigned char *big = malloc(16 * MB);
    FACT("malloc 16 MiB", big != NULL);
    for (long i = 0; i < 16 * MB; i += 4096)
        big[i] = (unsigned char)(i >> 12);
    uint64_t sum = 0;
    for (long i = 0; i < 16 * MB; i += 4096)
        sum += big[i];
    printf("sum %llu\n", (unsigned long long)sum);
    free(big);
    unsigned *c = calloc(MB, sizeof *c);
    long nz = 0;
    for (long i = 0; i < MB; i++)
        nz += c[i] != 0;
    printf("calloc nonzero %ld\n", nz);
    free(c);
    char *r = NULL;
    size_t n = 16;
    int bad = 0;
    for (int i = 0; i < 20; i++, n *= 2) {
        r = realloc(r, n);
        if (!r)
            return printf("realloc %zu failed\n", n), 1;
        if (i && r[n / 2 - 1] != (char)i)
            bad++;
        r[n - 1] = (char)(i + 1);
    }
    printf("realloc to %zu, bad %d\n", n / 2, bad);
    free(r);
    void *v[10000];
    for (int i = 0; i < 10000; i++)
        v[i] = malloc(i % 500 + 1), memset(v[i], i, i % 500 + 1);
    for (int i = 0; i < 10000; i += 2)
        free(v[i]);
    for (int i = 0; i < 10000; i += 2)
        v[i] = malloc(64);
    for (int i = 0; i < 10000; i++)
        free(v[i]);
    printf("small blocks ok\n");
    void *huge = malloc((size_t)1 << 62);
    printf("malloc 2^62: %s\n", huge ? "non-null" : t_errname(errno));
    return 0;
}
