// SPDX-License-Identifier: MIT
/*
 * The program's FPU, SSE and AVX state.  The kernel itself never touches
 * these registers (-mgeneral-regs-only), so they hold the running task's
 * state for as long as it is in the kernel; switching tasks saves one and
 * loads the other.  XSAVE where the CPU has it, else FXSAVE.
 */
#include "hal/hal.h"
#include "kernel/kernel.h"

static uint64_t xmask;       /* the features XCR0 enables; 0: no XSAVE */
static uint32_t size = 512;  /* bytes of a save area */
static uint32_t mxcsr_mask;  /* the MXCSR bits this CPU has */

void hal_fpu_setup(uint64_t mask)
{
    static uint8_t legacy[512] __attribute__((aligned(64)));
    uint32_t r[4];
    xmask = mask;
    if (mask) {
        hal_cpuid(0xd, 0, r);
        size = r[1]; /* for the features now enabled */
    }
    __asm__ volatile("fxsave64 (%0)" ::"r"(legacy) : "memory");
    mxcsr_mask = *(uint32_t *)(legacy + 28);
    if (!mxcsr_mask)
        mxcsr_mask = 0xffbf; /* the default when the CPU says 0 */
}

/* XRSTOR faults on reserved MXCSR bits, features XCR0 does not enable and
 * a non-zero XCOMP_BV or reserved header field. */
int hal_fpu_check(void *area, int extended)
{
    uint8_t *img = area;
    if (*(uint32_t *)(img + 24) & ~mxcsr_mask)
        return 0;
    if (!xmask)
        return 1;
    uint64_t *hdr = (uint64_t *)(img + 512);
    if (!extended) { /* a legacy image: x87 and SSE only */
        memset(hdr, 0, size - 512);
        hdr[0] = 3;
        return 1;
    }
    if (hdr[0] & ~xmask)
        return 0;
    for (int i = 1; i < 8; i++)
        if (hdr[i])
            return 0;
    return 1;
}

size_t hal_fpu_size(void)
{
    return size;
}

uint64_t hal_fpu_features(void)
{
    return xmask;
}

void hal_fpu_save(void *area)
{
    if (xmask)
        __asm__ volatile("xsave64 (%0)" ::"r"(area), "a"((uint32_t)xmask),
                         "d"((uint32_t)(xmask >> 32))
                         : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

void hal_fpu_restore(const void *area)
{
    if (xmask)
        __asm__ volatile("xrstor64 (%0)" ::"r"(area), "a"((uint32_t)xmask),
                         "d"((uint32_t)(xmask >> 32))
                         : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

void hal_fpu_init_area(void *area)
{
    uint8_t *p = area;
    memset(p, 0, size); /* execve reuses the area of the old image */
    *(uint16_t *)p = 0x37f;            /* FCW: Linux's initial x87 state */
    *(uint32_t *)(p + 24) = 0x1f80;    /* MXCSR */
    *(uint32_t *)(p + 28) = 0xffff;    /* MXCSR_MASK (ignored by restore) */
}
