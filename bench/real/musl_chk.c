/* SPDX-License-Identifier: MIT */
/*
 * Debian builds libsqlite3.a and liblua5.4.a against glibc's headers with
 * _FORTIFY_SOURCE, so their objects call glibc's checked entry points
 * (__memcpy_chk, __snprintf_chk, ...) and its large-file name fcntl64.
 * musl has none of these; this file gives them, so that the same archives
 * link into a musl program too.  Each checks the bound and calls musl's
 * plain function.  What else those objects take from glibc's headers
 * (FILE internals in Lua's getc, used only for io.read and script files)
 * is never reached by bench/real/lua.c or bench/real/sqlite.c.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__memcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
    if (n > dlen)
        abort();
    return memcpy(d, s, n);
}

void *__memset_chk(void *d, int c, size_t n, size_t dlen)
{
    if (n > dlen)
        abort();
    return memset(d, c, n);
}

int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt,
                   ...)
{
    (void)flag;
    if (n > slen)
        abort();
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    (void)flag;
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

_Noreturn void __longjmp_chk(jmp_buf env, int val)
{
    longjmp(env, val);
}

int fcntl64(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return fcntl(fd, cmd, arg);
}
