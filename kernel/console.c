// SPDX-License-Identifier: MIT
/*
 * stdout, stderr and the end of the run.  On the monitor each write is one
 * hypercall.  On QEMU everything shares COM1 with the framing in
 * include/abi.h, which keeps stdout and stderr apart.  stdin and the
 * host's events are in console_in.c.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/task.h"

int boot_vmm;
static int tty[3];
static uint16_t rows, cols;
static int cur_stream = 1; /* the host relay starts on stdout */

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

void console_set_winsize(uint16_t r, uint16_t c)
{
    rows = r;
    cols = c;
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

static int fg_pgrp = PROC_PID;

int console_fg_pgrp(void)
{
    return fg_pgrp;
}

void console_set_fg_pgrp(int pgrp)
{
    fg_pgrp = pgrp;
}

int console_job_check(int sig)
{
    struct process *p = proc_current();
    if (p->sid != PROC_SID || p->pgid == fg_pgrp)
        return 0; /* not of the console's session, or in the foreground */
    if (p->actions[sig].handler == LX_SIG_IGN ||
        (task_current()->blocked & (1ULL << (sig - 1))))
        return sig == LX_SIGTTIN ? -EIO : 0;
    if (proc_group_orphaned(p->pgid))
        return -EIO;
    struct ksiginfo info = {.signo = sig, .code = SI_KERNEL};
    proc_signal_each(-p->pgid, sig, &info);
    return -ERESTARTSYS;
}

void console_host_stop(int sig)
{
    if (boot_vmm == UK_VMM_MONITOR) {
        static struct uk_hc_stop st;
        st = (struct uk_hc_stop){.sig = (uint32_t)sig};
        hal_hypercall(UK_HC_STOP, &st);
    } else {
        hal_serial_putc(UK_SER_ESC);
        hal_serial_putc(UK_SER_STOP);
        hal_serial_putc((uint8_t)sig);
    }
}

void console_host_termios(uint32_t iflag, uint32_t oflag, uint32_t lflag,
                          const uint8_t cc[17])
{
    static struct uk_hc_termios t;
    t = (struct uk_hc_termios){.iflag = iflag, .oflag = oflag, .lflag = lflag};
    memcpy(t.cc, cc, 17);
    if (boot_vmm == UK_VMM_MONITOR) {
        hal_hypercall(UK_HC_TERMIOS, &t);
        return;
    }
    hal_serial_putc(UK_SER_ESC);
    hal_serial_putc(UK_SER_TERMIOS);
    for (size_t i = 0; i < sizeof(t); i++)
        hal_serial_putc(((const uint8_t *)&t)[i]);
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
