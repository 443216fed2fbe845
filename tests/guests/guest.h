/* SPDX-License-Identifier: MIT */
/*
 * Shared by the monitor's test guests in tests/guests: the entry stub and
 * the hypercalls of include/abi.h.  A guest is one C file linked with
 * guest.ld at UK_KERNEL_VIRT + UK_KERNEL_PHYS; it defines
 * void guest_main(uint64_t boot_info_gpa).  Written in C only so that the
 * numbers come from abi.h instead of being written down again.
 */
#ifndef UK_TEST_GUEST_H
#define UK_TEST_GUEST_H

#include "abi.h"

/* Guest-physical address of something in the image (or on its stack). */
#define GPA(p) ((uint32_t)((uint64_t)(p)-UK_KERNEL_VIRT))

/* The monitor leaves rsp = 0: set a stack, then call guest_main(rdi). */
__asm__(".pushsection .text.start, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "    lea guest_stack_top(%rip), %rsp\n"
        "    call guest_main\n"
        "1:  hlt\n"
        "    jmp 1b\n"
        ".popsection\n"
        ".pushsection .bss\n"
        ".balign 16\n"
        "    .skip 8192\n"
        "guest_stack_top:\n"
        ".popsection\n");

void guest_main(uint64_t boot_info);

/* outl of a 32-bit value to any port (hypercall or not). */
static inline void guest_outl(uint16_t port, uint32_t val)
{
    __asm__ volatile("outl %0, %w1" : : "a"(val), "Nd"(port) : "memory");
}

static inline void hc(enum uk_hypercall nr, void *arg)
{
    guest_outl((uint16_t)(UK_HC_PORT + nr), GPA(arg));
}

static inline int64_t hc_io(enum uk_hypercall nr, uint64_t fd, uint64_t gpa,
                            uint64_t len)
{
    struct uk_hc_io io = {.fd = fd, .buf = gpa, .len = len};
    hc(nr, &io);
    return io.ret;
}

static inline int64_t hc_write(int fd, const void *buf, uint64_t len)
{
    return hc_io(UK_HC_WRITE, fd, GPA(buf), len);
}

static inline int64_t hc_read(void *buf, uint64_t len)
{
    return hc_io(UK_HC_READ, 0, GPA(buf), len);
}

/* Whether stdin is readable now; never waits. */
static inline int64_t hc_poll(uint64_t *avail)
{
    struct uk_hc_poll p = {0};
    hc(UK_HC_POLL, &p);
    *avail = p.avail;
    return p.ret;
}

static inline _Noreturn void hc_exit(uint32_t status)
{
    struct uk_hc_exit e = {.status = status, .kind = UK_EXIT_NORMAL};
    hc(UK_HC_EXIT, &e);
    for (;;)
        __asm__ volatile("hlt");
}

#endif
