// SPDX-License-Identifier: MIT
#include "kernel/kernel.h"
#include "kernel/boot.h"

static uint64_t num(const char *s, const char **end)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint64_t)(*s++ - '0');
    *end = s;
    return v;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void cmdline_parse(const char *s, struct boot_opts *o)
{
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *e;
        if (!strncmp(s, "tsc_khz=", 8)) {
            o->tsc_khz = num(s + 8, &e);
        } else if (!strncmp(s, "rt=", 3)) {
            o->realtime_ns = num(s + 3, &e);
        } else if (!strncmp(s, "tty=", 4)) {
            for (e = s + 4; e < s + 7 && (*e == '0' || *e == '1'); e++)
                o->tty[e - s - 4] = *e == '1';
        } else if (!strncmp(s, "winsz=", 6)) {
            o->rows = (uint16_t)num(s + 6, &e);
            if (*e == 'x')
                o->cols = (uint16_t)num(e + 1, &e);
        } else if (!strncmp(s, "trace=", 6)) {
            o->trace = (int)num(s + 6, &e);
        } else if (!strncmp(s, "seed=", 5)) {
            e = s + 5;
            for (int i = 0; i < 32 && hexval(e[0]) >= 0 && hexval(e[1]) >= 0;
                 i++, e += 2)
                o->seed[i] = (uint8_t)(hexval(e[0]) << 4 | hexval(e[1]));
        } else {
            char key[32];
            size_t k = 0;
            for (e = s; *e && *e != ' '; e++)
                if (k < sizeof(key) - 1)
                    key[k++] = *e;
            key[k] = 0;
            klog("ignoring unknown boot option %s", key);
        }
        while (*e && *e != ' ')
            e++;
        s = e;
    }
}
