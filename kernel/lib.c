// SPDX-License-Identifier: MIT
/* The few C library functions the kernel uses.  Bulk copies use rep movsq:
 * byte loops are slow at CPL 0 on some hypervisors (README: platform notes). */
#include "kernel/kernel.h"

void *memcpy(void *d, const void *s, size_t n)
{
    void *ret = d;
    size_t q = n / 8;
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(q)::"memory");
    q = n % 8;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(q)::"memory");
    return ret;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp <= sp || dp >= sp + n)
        return memcpy(d, s, n);
    while (n--)
        dp[n] = sp[n];
    return d;
}

void *memset(void *d, int c, size_t n)
{
    void *ret = d;
    uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
    size_t q = n / 8;
    __asm__ volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
    q = n % 8;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(q) : "a"(v) : "memory");
    return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n >= 8; x += 8, y += 8, n -= 8) { /* equal words first */
        uint64_t u, v;
        __builtin_memcpy(&u, x, 8);
        __builtin_memcpy(&v, y, 8);
        if (u != v)
            break;
    }
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

#define HAS_ZERO(w) (((w)-0x0101010101010101ULL) & ~(w) & 0x8080808080808080ULL)

/* Eight bytes per step: an aligned word never crosses a page, so reading
 * past the terminator within it is safe. */
size_t strlen(const char *s)
{
    const char *p = s;
    while ((uint64_t)p & 7) {
        if (!*p)
            return (size_t)(p - s);
        p++;
    }
    const uint64_t *w = (const uint64_t *)p;
    while (!HAS_ZERO(*w))
        w++;
    p = (const char *)w;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && ((uint64_t)(s + n) & 7)) {
        if (!s[n])
            return n;
        n++;
    }
    while (max - n >= 8 && !HAS_ZERO(*(const uint64_t *)(s + n)))
        n += 8;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++)
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

/* From the end: the length comes a word at a time, and the match is
 * usually near the end (a path's last '/'). */
char *strrchr(const char *s, int c)
{
    const char *p = s + strlen(s);
    for (;; p--) {
        if (*p == (char)c)
            return (char *)p;
        if (p == s)
            return NULL;
    }
}

char *strcpy(char *d, const char *s)
{
    return memcpy(d, s, strlen(s) + 1);
}

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kmalloc(n);
    return d ? memcpy(d, s, n) : NULL;
}
