// SPDX-License-Identifier: MIT
/* COM1: QEMU's console.  Input raises its interrupt (console_in.c).  Every byte waits for room in the UART, so
 * a slow reader on the host side slows the guest down instead of losing
 * output. */
#include "hal/hal.h"
#include "hal/x86_64/io.h"

#define COM1 0x3f8
#define LSR_DATA 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

void hal_serial_init(void)
{
    outb(COM1 + 1, 0x00); /* no interrupts */
    outb(COM1 + 3, 0x03); /* 8N1 */
    outb(COM1 + 2, 0xc7); /* FIFOs on and cleared, 14-byte trigger */
    outb(COM1 + 4, 0x0b); /* DTR, RTS, OUT2: the interrupt line on */
    /* Reading the data register makes QEMU take host input again, which it
     * stops while the UART holds an unread byte. */
    (void)inb(COM1);
}

void hal_serial_putc(uint8_t c)
{
    while (!(inb(COM1 + 5) & LSR_THRE))
        hal_pause();
    outb(COM1, c);
}

void hal_serial_rx_irq(int on)
{
    outb(COM1 + 1, on ? 0x01 : 0x00);
}

int hal_serial_getc(void)
{
    if (!(inb(COM1 + 5) & LSR_DATA))
        return -1;
    return inb(COM1);
}

void hal_serial_drain(void)
{
    while (!(inb(COM1 + 5) & LSR_TEMT))
        hal_pause();
}

_Noreturn void hal_debug_exit(uint32_t code)
{
    outl(0xf4, code);
    for (;;)
        __asm__ volatile("cli; hlt");
}
