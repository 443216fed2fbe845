// SPDX-License-Identifier: MIT
/*
 * stdin, stdout and stderr.  On the monitor each call is one hypercall.
 * On QEMU everything shares COM1 with the framing in include/abi.h, which
 * keeps stdout and stderr apart and marks the end of stdin.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/time.h"

int boot_vmm;
static int tty[3];
static uint16_t rows, cols;
static int cur_stream = 1; /* the host relay starts on stdout */
static int held = -1;      /* a decoded stdin byte not yet consumed */
static int at_eof, in_escape;

void console_set_tty(const uint8_t t[3], uint16_t r, uint16_t c)
{
    for (int i = 0; i < 3; i++)
        tty[i] = t[i];
    rows = r;
    cols = c;
}

void console_init(int vmm)
{
    boot_vmm = vmm;
    if (vmm == UK_VMM_QEMU) {
        hal_serial_init();
        hal_serial_putc(UK_SER_ESC);
        hal_serial_putc(UK_SER_READY);
    }
}

long console_write(int stream, const void *kbuf, size_t n)
{
    if (boot_vmm == UK_VMM_MONITOR) {
        static struct uk_hc_io io;
        io = (struct uk_hc_io){.fd = (uint64_t)stream,
                               .buf = hal_virt_to_phys(kbuf),
                               .len = n};
        hal_hypercall(UK_HC_WRITE, &io);
        return io.ret;
    }
    const uint8_t *p = kbuf;
    if (stream != cur_stream) {
        hal_serial_putc(UK_SER_ESC);
        hal_serial_putc(stream == 2              ? UK_SER_STDERR
                        : stream == UK_REPORT_FD ? UK_SER_REPORT
                                                 : UK_SER_STDOUT);
        cur_stream = stream;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] == UK_SER_ESC)
            hal_serial_putc(UK_SER_ESC);
        hal_serial_putc(p[i]);
    }
    return (long)n;
}

/* Wait a little without touching the UART: under TCG every port access
 * takes QEMU's global lock, and polling without a pause starves the
 * thread that moves host input into the UART. */
static void backoff(void)
{
    time_sleep_until(time_monotonic_ns() + 20000);
}

/* Decode one stdin byte from COM1 into held, if one is waiting. */
static void pump(void)
{
    int c;
    while (held < 0 && !at_eof && (c = hal_serial_getc()) >= 0) {
        if (in_escape) {
            in_escape = 0;
            if (c == UK_SER_EOF)
                at_eof = 1;
            else
                held = c;
        } else if (c == UK_SER_ESC) {
            in_escape = 1;
        } else {
            held = c;
        }
    }
}

long console_read(void *kbuf, size_t n)
{
    if (boot_vmm == UK_VMM_MONITOR) {
        static struct uk_hc_io io;
        io = (struct uk_hc_io){.fd = 0, .buf = hal_virt_to_phys(kbuf),
                               .len = n};
        hal_hypercall(UK_HC_READ, &io);
        return io.ret;
    }
    uint8_t *p = kbuf;
    size_t got = 0;
    while (got < n) {
        pump();
        if (held >= 0) {
            p[got++] = (uint8_t)held;
            held = -1;
        } else if (at_eof || got) {
            break;
        } else {
            backoff();
        }
    }
    return (long)got;
}

long console_poll(int64_t timeout_ns, uint64_t *avail)
{
    if (boot_vmm == UK_VMM_MONITOR) {
        static struct uk_hc_poll pl;
        pl = (struct uk_hc_poll){.timeout_ns = timeout_ns};
        hal_hypercall(UK_HC_POLL, &pl);
        *avail = pl.avail;
        return pl.ret;
    }
    uint64_t deadline = time_monotonic_ns() + (uint64_t)timeout_ns;
    for (;;) {
        pump();
        if (held >= 0 || at_eof) {
            *avail = held >= 0;
            return 1;
        }
        if (timeout_ns >= 0 && time_monotonic_ns() >= deadline) {
            *avail = 0;
            return 0;
        }
        backoff();
    }
}

int console_isatty(int stream)
{
    return stream >= 0 && stream < 3 && tty[stream];
}

void console_winsize(uint16_t *r, uint16_t *c)
{
    *r = rows;
    *c = cols;
}

_Noreturn void console_exit(int status, int kind)
{
    if (boot_vmm == UK_VMM_MONITOR) {
        static struct uk_hc_exit ex;
        ex = (struct uk_hc_exit){.status = (uint32_t)status,
                                 .kind = (uint32_t)kind};
        hal_hypercall(UK_HC_EXIT, &ex);
    } else {
        hal_serial_putc(UK_SER_ESC);
        hal_serial_putc(UK_SER_EXIT);
        hal_serial_putc((uint8_t)status);
        hal_serial_putc((uint8_t)kind);
        hal_serial_drain();
    }
    hal_debug_exit((uint32_t)status);
}
