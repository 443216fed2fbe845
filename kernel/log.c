// SPDX-License-Identifier: MIT
/* Kernel messages: one line each, "uk: ...", on the program's stderr. */
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/console.h"
#include "kernel/proc.h"

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
    char buf[512];
    int n = snprintf(buf, sizeof(buf), "uk: %s", prefix);
    n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
    if (n > (int)sizeof(buf) - 2)
        n = sizeof(buf) - 2;
    buf[n++] = '\n';
    console_write(2, buf, n);
}

void klog(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("", fmt, ap);
    va_end(ap);
}

_Noreturn void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("kernel panic: ", fmt, ap);
    va_end(ap);
    proc_exit(UK_STATUS_PANIC, UK_EXIT_PANIC);
}
