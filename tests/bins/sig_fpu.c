/* SPDX-License-Identifier: MIT */
/*
 * FPU and SSE state across signal handlers: a SIGALRM every 10 ms
 * interrupts a floating-point computation (SSE doubles and x87 long
 * doubles, under non-default rounding modes) while the handler clobbers
 * every xmm register and changes MXCSR and the x87 control word; every
 * result must equal the one computed with the signal blocked, and the
 * rounding modes must survive.  Handlers start with Linux's initial state
 * (MXCSR 0x1f80, x87 control word 0x37f).
 */
#include "thr.h"
#include <sys/time.h>

static volatile int hits;
static volatile unsigned h_mxcsr, h_cw;

static unsigned get_mxcsr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_mxcsr(unsigned v)
{
    __asm__ volatile("ldmxcsr %0" ::"m"(v));
}

static unsigned short get_cw(void)
{
    unsigned short v;
    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static void set_cw(unsigned short v)
{
    __asm__ volatile("fldcw %0" ::"m"(v));
}

static void h(int s)
{
    (void)s;
    if (hits++ == 0) {
        h_mxcsr = get_mxcsr();
        h_cw = get_cw();
    }
    set_mxcsr(0x7f80); /* round toward zero */
    set_cw(0x0f7f);    /* round toward zero, 64-bit precision */
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n"
                     "movaps %%xmm0, %%xmm1\n movaps %%xmm0, %%xmm2\n"
                     "movaps %%xmm0, %%xmm3\n movaps %%xmm0, %%xmm4\n"
                     "movaps %%xmm0, %%xmm5\n movaps %%xmm0, %%xmm6\n"
                     "movaps %%xmm0, %%xmm7\n movaps %%xmm0, %%xmm8\n"
                     "movaps %%xmm0, %%xmm9\n movaps %%xmm0, %%xmm10\n"
                     "movaps %%xmm0, %%xmm11\n movaps %%xmm0, %%xmm12\n"
                     "movaps %%xmm0, %%xmm13\n movaps %%xmm0, %%xmm14\n"
                     "movaps %%xmm0, %%xmm15\n"
                     "fldpi\n fldpi\n fldpi\n fstp %%st(0)\n fstp %%st(0)\n"
                     "fstp %%st(0)\n" ::
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
                           "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
                           "xmm12", "xmm13", "xmm14", "xmm15");
}

static __attribute__((noinline)) double sse(int n)
{
    double x = 1.0, y = 0.5;
    for (int i = 1; i <= n; i++) {
        x = x * 1.0000001 + y / i;
        y = y * 0.9999999 + 1e-9;
    }
    return x + y;
}

static __attribute__((noinline)) long double x87(int n)
{
    long double x = 1.0L;
    for (int i = 1; i <= n; i++)
        x = x * 1.0000001L + 1.0L / (i + 3);
    return x;
}

int main(void)
{
    t_watchdog();
    set_mxcsr(0x5f80); /* round up */
    set_cw(0x0b7f);    /* round up, 64-bit precision */
    double ref = sse(200000);
    long double lref = x87(200000);
    signal(SIGALRM, h);
    struct itimerval v = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &v, NULL);
    int passes = 0, same = 1;
    long long t0 = t_now(CLOCK_MONOTONIC);
    while ((hits < 10 || passes < 3) &&
           t_now(CLOCK_MONOTONIC) - t0 < 5000000000ll) {
        same &= sse(200000) == ref;
        same &= x87(200000) == lref;
        passes++;
    }
    v = (struct itimerval){{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &v, NULL);
    FACT("10 or more signals during the computation", hits >= 10);
    FACT("every result equals the one without signals", same);
    printf("MXCSR after %#x, x87 control word after %#x\n", get_mxcsr(),
           get_cw());
    printf("handler started with MXCSR %#x, x87 control word %#x\n", h_mxcsr,
           h_cw);
    return 0;
}
