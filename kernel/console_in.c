// SPDX-License-Identifier: MIT
/*
 * stdin and the host's events, both behind one interrupt (I/O APIC line
 * UK_IRQ_HOST).  On QEMU it is COM1's receive interrupt: the handler
 * decodes the framing of include/abi.h into a buffer of stdin bytes, the
 * end of input and signals.  On the monitor, reads and polls are
 * hypercalls that never block; when stdin has nothing, the monitor raises
 * the line once it has, and for the signals ./run receives.  A reader
 * with nothing to read sleeps until then.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/task.h"
#include "kernel/wait.h"

#define RING 4096 /* power of two */

static uint8_t ring[RING];
static unsigned head, tail; /* bytes [tail, head) are waiting */
static int at_eof;
static int esc_state; /* 0 data, 1 after ESC, 2 a signal's number,
                       * 3..6 the bytes of a window size */
static uint8_t ws[4];
static int rx_off;             /* QEMU: receive interrupt off (ring full) */
static int stdin_ready;          /* monitor: stdin became readable */
static uint64_t host_signals;    /* bit s-1: signal s from ./run */
static struct wait_queue readers;

/* Signals ./run received: as from a kill(2) by a process outside.  The
 * terminal's (INT, QUIT, TSTP, WINCH) go to the console's foreground
 * group, as a terminal sends them.  CONT, which the host's shell sends
 * to ./run's job after the first process stopped it (console_host_stop),
 * goes to the first process's group.  The others go to the first
 * process, as `docker kill` sends them to a container's init. */
static void take_signals(void)
{
    const uint64_t terminal = 1ULL << (LX_SIGINT - 1) |
                              1ULL << (LX_SIGQUIT - 1) |
                              1ULL << (LX_SIGTSTP - 1) |
                              1ULL << (LX_SIGWINCH - 1);
    while (host_signals) {
        int sig = __builtin_ctzll(host_signals) + 1;
        host_signals &= host_signals - 1;
        struct ksiginfo info = {.signo = sig, .code = SI_USER};
        int group = terminal & (1ULL << (sig - 1)) ? console_fg_pgrp()
                    : sig == LX_SIGCONT            ? proc_init.pgid
                                                   : 0;
        if (!group || proc_signal_each(-group, sig, &info) == -ESRCH)
            signal_proc(&proc_init, sig, &info);
    }
}

/* QEMU: move what COM1 holds into the ring, decoding the framing. */
static void uart_drain(void)
{
    int c;
    while (head - tail < RING && (c = hal_serial_getc()) >= 0) {
        if (esc_state >= 3) {
            ws[esc_state - 3] = (uint8_t)c;
            esc_state = esc_state == 6 ? 0 : esc_state + 1;
            if (!esc_state)
                console_set_winsize((uint16_t)(ws[0] << 8 | ws[1]),
                                    (uint16_t)(ws[2] << 8 | ws[3]));
        } else if (esc_state == 2) {
            esc_state = 0;
            if (c > 0 && c <= 64)
                host_signals |= 1ULL << (c - 1);
            hal_serial_putc(UK_SER_ESC);
            hal_serial_putc(UK_SER_SIGACK);
            hal_serial_putc((uint8_t)c);
        } else if (esc_state == 1) {
            esc_state = c == UK_SER_SIGNAL    ? 2
                        : c == UK_SER_WINSIZE ? 3
                                              : 0;
            if (c == UK_SER_EOF)
                at_eof = 1;
            else if (c != UK_SER_SIGNAL && c != UK_SER_WINSIZE)
                ring[head++ % RING] = (uint8_t)c;
        } else if (c == UK_SER_ESC) {
            esc_state = 1;
        } else {
            ring[head++ % RING] = (uint8_t)c;
        }
    }
    /* A full ring stops the interrupt until a reader makes room. */
    rx_off = head - tail == RING;
    hal_serial_rx_irq(!rx_off);
}

static void host_irq(void)
{
    if (boot_vmm == UK_VMM_QEMU) {
        uart_drain();
    } else {
        static struct uk_hc_events ev;
        hal_hypercall(UK_HC_EVENTS, &ev);
        host_signals |= ev.signals;
        if (ev.signals & (1ULL << 27)) /* SIGWINCH */
            console_set_winsize(ev.rows, ev.cols);
        if (ev.stdin)
            stdin_ready = 1;
    }
    wait_wake(&readers, -1);
    devfs_console_input();
    take_signals();
}

void console_in_init(void)
{
    hal_irq_handler(HAL_VEC_CONSOLE, host_irq);
    hal_irq_route(UK_IRQ_HOST, HAL_VEC_CONSOLE);
    if (boot_vmm == UK_VMM_QEMU) {
        hal_serial_rx_irq(1);
        uart_drain(); /* what came before the interrupt was on */
    }
}

/* QEMU: bytes waiting in the ring, or at the end of input.  Monitor:
 * stdin became readable since the last read or poll. */
static int ready(void)
{
    return boot_vmm == UK_VMM_QEMU ? head != tail || at_eof : stdin_ready;
}

/* Sleep until ready(), the deadline (ns; WAIT_FOREVER: none) or a
 * signal (-ERESTARTSYS). */
static int wait_ready(uint64_t deadline)
{
    while (!ready() && time_monotonic_ns() < deadline) {
        int err = wait_sleep(&readers, deadline, 1);
        if (err == -ERESTARTSYS)
            return err;
    }
    return 0;
}

static long ring_read(uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n && tail != head)
        p[got++] = ring[tail++ % RING];
    if (rx_off && head - tail < RING / 2)
        uart_drain(); /* room again: take what the UART holds */
    return (long)got;
}

long console_read(void *kbuf, size_t n)
{
    if (boot_vmm == UK_VMM_QEMU) {
        int err = wait_ready(WAIT_FOREVER);
        return err ? err : ring_read(kbuf, n);
    }
    for (;;) {
        static struct uk_hc_io io;
        stdin_ready = 0;
        io = (struct uk_hc_io){.fd = 0, .buf = hal_virt_to_phys(kbuf),
                               .len = n};
        hal_hypercall(UK_HC_READ, &io);
        if (io.ret != -EAGAIN)
            return io.ret;
        int err = wait_ready(WAIT_FOREVER);
        if (err)
            return err;
    }
}

long console_poll(int64_t timeout_ns, uint64_t *avail)
{
    uint64_t deadline = timeout_ns < 0 ? WAIT_FOREVER
                                       : time_monotonic_ns() +
                                             (uint64_t)timeout_ns;
    for (;;) {
        int ok;
        if (boot_vmm == UK_VMM_QEMU) {
            ok = ready();
            *avail = head - tail;
        } else {
            static struct uk_hc_poll pl;
            stdin_ready = 0;
            hal_hypercall(UK_HC_POLL, &pl);
            ok = pl.ret != 0;
            *avail = pl.avail;
        }
        if (ok || time_monotonic_ns() >= deadline)
            return ok;
        int err = wait_ready(deadline);
        if (err)
            return err;
    }
}
