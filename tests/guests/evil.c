/* SPDX-License-Identifier: MIT */
/*
 * Guests that misbehave towards the monitor; each build picks one with
 * -DEVIL_CASE=evil_<name>.  The monitor must answer every one with one
 * line on stderr and status UK_STATUS_VMM (UK_STATUS_PANIC for a triple
 * fault), never by crashing or touching memory outside guest RAM.
 */
#include "guest.h"

static char buf[16];
static struct uk_hc_io io;

/* The argument struct itself lies outside guest RAM. */
void evil_gpa(const struct uk_boot_info *bi)
{
    (void)bi;
    guest_outl(UK_HC_PORT + UK_HC_WRITE, 0xfffffff0);
}

/* The argument struct straddles the end of guest RAM. */
void evil_gpa_edge(const struct uk_boot_info *bi)
{
    guest_outl(UK_HC_PORT + UK_HC_WRITE, (uint32_t)bi->mem_size - 16);
}

/* A length that wraps around the address space. */
void evil_len(const struct uk_boot_info *bi)
{
    (void)bi;
    hc_io(UK_HC_WRITE, 1, GPA(buf), UINT64_MAX);
}

/* A buffer that runs one byte past the end of guest RAM. */
void evil_buf(const struct uk_boot_info *bi)
{
    hc_io(UK_HC_WRITE, 1, bi->mem_size - 1, 2);
}

/* A read into a buffer far beyond guest RAM. */
void evil_read(const struct uk_boot_info *bi)
{
    (void)bi;
    hc_io(UK_HC_READ, 0, 1ULL << 63, 1);
}

/* A port nobody serves. */
void evil_port(const struct uk_boot_info *bi)
{
    (void)bi;
    guest_outl(UK_HC_PORT + 0x100, GPA(&io));
}

/* The base port itself is not a hypercall. */
void evil_port0(const struct uk_boot_info *bi)
{
    (void)bi;
    guest_outl(UK_HC_PORT, GPA(&io));
}

/* One past the last hypercall. */
void evil_portmax(const struct uk_boot_info *bi)
{
    (void)bi;
    guest_outl(UK_HC_PORT + UK_HC_MAX, GPA(&io));
}

/* A one-byte out to a hypercall port. */
void evil_size(const struct uk_boot_info *bi)
{
    (void)bi;
    __asm__ volatile("outb %b0, %w1" : : "a"(0), "Nd"(UK_HC_PORT + UK_HC_EXIT));
}

/* An in from a hypercall port. */
void evil_in(const struct uk_boot_info *bi)
{
    uint32_t v;
    (void)bi;
    __asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(UK_HC_PORT + UK_HC_EXIT));
}

/* A string out (rep outsl) to a hypercall port.  kvm_pvm reports it as
 * single outl exits (count 1), so the first word must fail the checks. */
void evil_rep(const struct uk_boot_info *bi)
{
    static uint32_t words[4] = {0xfffffff0, 0xfffffff0, 0, 0};
    const void *src = words;
    uint64_t n = 4;
    (void)bi;
    __asm__ volatile("rep outsl"
                     : "+S"(src), "+c"(n)
                     : "d"(UK_HC_PORT + UK_HC_EXIT)
                     : "memory");
}

/* A store to mapped but absent memory (just below 1 GiB). */
void evil_mmio(const struct uk_boot_info *bi)
{
    (void)bi;
    *(volatile uint32_t *)0x3ff00000 = 1;
}

/* Halt with interrupts off: the guest can never continue. */
void evil_hlt(const struct uk_boot_info *bi)
{
    (void)bi;
    __asm__ volatile("cli; hlt");
}

/* No IDT, then an exception: a triple fault. */
void evil_triple(const struct uk_boot_info *bi)
{
    static const struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = {0, 0};
    (void)bi;
    __asm__ volatile("lidt %0; ud2" : : "m"(idtr));
}

void guest_main(uint64_t boot_info)
{
    EVIL_CASE((const struct uk_boot_info *)boot_info);
    hc_exit(0); /* the monitor should not have let us get here */
}
