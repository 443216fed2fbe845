// SPDX-License-Identifier: MIT
/* snprintf for kernel messages and generated files: %d %i %u %o %x %p %s
 * %c %%, with l/ll/z, width (a number or *), '0', '-' and '#'. */
#include "kernel/kernel.h"

struct out {
    char *buf;
    size_t n, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->n)
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct out *o, uint64_t v, int base, int neg, int width,
                    int zero, int left, int alt)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    int len = n + neg + (alt ? 2 : 0);
    if (!left && !zero)
        for (; width > len; width--)
            put(o, ' ');
    if (neg)
        put(o, '-');
    if (alt)
        put(o, '0'), put(o, 'x');
    if (!left && zero)
        for (; width > len; width--)
            put(o, '0');
    while (n)
        put(o, tmp[--n]);
    if (left)
        for (; width > len; width--)
            put(o, ' ');
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct out o = {buf, n, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        int zero = 0, left = 0, alt = 0, width = 0, lng = 0;
        for (;; fmt++) {
            if (fmt[1] == '0')
                zero = 1;
            else if (fmt[1] == '-')
                left = 1;
            else if (fmt[1] == '#')
                alt = 1;
            else
                break;
        }
        if (fmt[1] == '*') { /* the width is an argument */
            width = va_arg(ap, int);
            if (width < 0)
                left = 1, width = -width;
            fmt++;
        }
        while (fmt[1] >= '0' && fmt[1] <= '9')
            width = width * 10 + (*++fmt - '0');
        while (fmt[1] == 'l' || fmt[1] == 'z')
            lng = 1, fmt++;
        switch (*++fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width,
                    zero, left, 0);
            break;
        }
        case 'u':
        case 'o':
        case 'x': {
            uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            put_num(&o, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, 0, width,
                    zero, left, alt && *fmt == 'x');
            break;
        }
        case 'p':
            put_num(&o, (uint64_t)va_arg(ap, void *), 16, 0, width, zero, left,
                    1);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = (int)strlen(s);
            if (!left)
                for (; width > len; width--)
                    put(&o, ' ');
            while (*s)
                put(&o, *s++);
            for (; left && width > len; width--)
                put(&o, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
        }
    }
    if (n)
        buf[o.len < n ? o.len : n - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
