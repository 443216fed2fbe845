// SPDX-License-Identifier: MIT
/*
 * Interrupts: the local APIC (end of interrupt, the timer, IPIs later) and
 * the I/O APIC (device lines).  Both are the xAPIC MMIO interface, which
 * QEMU's TCG and KVM's in-kernel irqchip both offer.  The timer is
 * one-shot: TSC-deadline mode where the CPU has it, else the APIC's own
 * counter, calibrated against the TSC once, the first time a timer is set
 * (a busy wait: programs that never sleep or get preempted never pay it,
 * and boot does not).
 */
#include "hal/hal.h"
#include "hal/x86_64/percpu.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

#define LAPIC_PA 0xfee00000ULL
#define IOAPIC_PA 0xfec00000ULL
#define LAPIC_ID 0x20
#define LAPIC_TPR 0x80
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_MASKED (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define MSR_TSC_DEADLINE 0x6e0

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static int tsc_deadline;
static uint64_t apic_per_tsc16; /* APIC ticks per TSC tick, << 16 */

static void lapic_write(unsigned reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

static uint32_t lapic_read(unsigned reg)
{
    return lapic[reg / 4];
}

static void ioapic_write(unsigned reg, uint32_t v)
{
    ioapic[0] = reg;
    ioapic[4] = v;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}

/* The APIC counter's rate against the TSC, over about 100k TSC ticks. */
static void calibrate(void)
{
    lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
    uint64_t t0 = hal_rdtsc();
    while (hal_rdtsc() - t0 < 100000)
        hal_pause();
    uint32_t ticks = 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
    uint64_t dt = hal_rdtsc() - t0;
    lapic_write(LAPIC_TIMER_INIT, 0);
    apic_per_tsc16 = ((uint64_t)ticks << 16) / (dt ? dt : 1);
    if (!apic_per_tsc16)
        apic_per_tsc16 = 1;
}

/* This CPU's local APIC: on, quiet, its timer ready. */
void hal_irq_cpu_init(void)
{
    uint32_t r[4];
    hal_cpu()->apic_id = lapic_read(LAPIC_ID) >> 24;
    lapic_write(LAPIC_TPR, 0);
    lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
    lapic_write(LAPIC_SVR, 0x100 | HAL_VEC_SPURIOUS); /* enabled */
    hal_cpuid(1, 0, r);
    tsc_deadline = (r[2] >> 24) & 1;
    if (tsc_deadline) {
        lapic_write(LAPIC_LVT_TIMER, LVT_TSC_DEADLINE | HAL_VEC_TIMER);
    } else {
        lapic_write(LAPIC_TIMER_DIV, 0xb); /* divide by 1 */
        lapic_write(LAPIC_LVT_TIMER, HAL_VEC_TIMER); /* one-shot */
    }
}

void hal_irq_init(void)
{
    lapic = mm_map_mmio(LAPIC_PA, PAGE_SIZE);
    ioapic = mm_map_mmio(IOAPIC_PA, PAGE_SIZE);
    /* Every I/O APIC line starts masked. */
    ioapic[0] = 1;
    unsigned pins = ((ioapic[4] >> 16) & 0xff) + 1;
    for (unsigned i = 0; i < pins; i++)
        ioapic_write(0x10 + 2 * i, LVT_MASKED);
    hal_irq_cpu_init();
    hal_tlb_online(0);
}

#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310

void hal_send_ipi(unsigned id, int vector)
{
    lapic_write(LAPIC_ICR_HI, hal_cpus[id].apic_id << 24);
    lapic_write(LAPIC_ICR_LO, (uint32_t)vector); /* fixed, physical */
}

/* INIT, then two STARTUPs at page vector: how an application processor
 * wakes on hardware and under QEMU. */
void hal_start_ap_sipi(uint32_t apic_id, unsigned page)
{
    lapic_write(LAPIC_ICR_HI, apic_id << 24);
    lapic_write(LAPIC_ICR_LO, 0x4500); /* INIT, assert */
    for (int i = 0; i < 2; i++) {
        uint64_t t0 = hal_rdtsc();
        while (hal_rdtsc() - t0 < 200000)
            hal_pause();
        lapic_write(LAPIC_ICR_HI, apic_id << 24);
        lapic_write(LAPIC_ICR_LO, 0x4600 | page); /* STARTUP */
    }
}

void hal_irq_route(int pin, int vector)
{
    uint32_t apic_id = lapic_read(LAPIC_ID) >> 24;
    ioapic_write(0x11 + 2 * pin, apic_id << 24);
    ioapic_write(0x10 + 2 * pin, (uint32_t)vector); /* fixed, edge, high */
}

void hal_irq_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

void hal_timer_set(uint64_t tsc)
{
    if (tsc_deadline) {
        wrmsr(MSR_TSC_DEADLINE, tsc);
        return;
    }
    if (!tsc) {
        lapic_write(LAPIC_TIMER_INIT, 0); /* stop */
        return;
    }
    if (!apic_per_tsc16)
        calibrate();
    uint64_t now = hal_rdtsc();
    uint64_t ticks = tsc > now ? ((tsc - now) * apic_per_tsc16) >> 16 : 1;
    /* Too far off: fire early; the timer code arms it again. */
    lapic_write(LAPIC_TIMER_INIT, ticks > 0xffffffff ? 0xffffffff
                                  : ticks            ? (uint32_t)ticks
                                                     : 1);
}

void hal_wait_interrupt(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}
