/* SPDX-License-Identifier: MIT */
/*
 * What every guest module may use: fixed-width types, Linux errno values,
 * the small C library in kernel/lib.c, the kernel heap, logging and user
 * memory access.  Files that also build on the host (loader/, kernel/fs/)
 * include only this header; with -DUK_HOST it maps onto the host's libc, so
 * the same code runs in unit tests and fuzzers.
 */
#ifndef UK_KERNEL_H
#define UK_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define PAGE_SIZE 4096UL
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))

#ifdef UK_HOST
#include <errno.h>
#define ERESTARTSYS 512 /* kernel-internal, as in kernel/errno.h */
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define kmalloc(n) malloc(n)
#define kzalloc(n) calloc(1, (n))
#define krealloc(p, n) realloc((p), (n))
#define kfree(p) free(p)
#define klog(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
#define panic(...) (fprintf(stderr, __VA_ARGS__), abort())
/* On the host, "user" memory is ordinary memory. */
static inline long copy_to_user(void *u, const void *k, size_t n)
{
    memcpy(u, k, n);
    return 0;
}
static inline long copy_from_user(void *k, const void *u, size_t n)
{
    memcpy(k, u, n);
    return 0;
}
static inline long strncpy_from_user(char *k, const char *u, size_t max)
{
    size_t n = strnlen(u, max);
    if (n == max)
        return -ENAMETOOLONG;
    memcpy(k, u, n + 1);
    return (long)n;
}
#else
#include "kernel/errno.h"

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *d, const char *s);
char *strdup(const char *s);
/* snprintf subset: %d %i %u %o %x %lx %ld %lu %llx %p %s %c %%, width (a
 * number or *), '0', '-', '#'.  GCC checks the arguments. */
int snprintf(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/* Kernel heap (mm/heap.c).  Returns NULL when memory runs out. */
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);

/* Kernel messages go to stderr, prefixed "uk: " (kernel/log.c). */
void klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report "uk: kernel panic: ..." and end the VM with UK_STATUS_PANIC. */
_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * User memory access (hal/x86_64/uaccess.S + mm/).  Each returns 0 or
 * -EFAULT; a bad or kernel address never faults the kernel.
 */
long copy_to_user(void *udst, const void *ksrc, size_t n);
long copy_from_user(void *kdst, const void *usrc, size_t n);
/* Copy a NUL-terminated user string of at most max-1 bytes into kdst.
 * Returns its length, -EFAULT, or -ENAMETOOLONG. */
long strncpy_from_user(char *kdst, const char *usrc, size_t max);
#endif

#endif
