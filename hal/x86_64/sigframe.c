// SPDX-License-Identifier: MIT
/*
 * Linux's x86-64 signal frame: struct rt_sigframe (the return address,
 * a ucontext with the registers, then the siginfo) below the stack, and
 * the FPU/SSE/AVX state in XSAVE format above it, 64-byte aligned, with
 * the magic words that say so.  rt_sigreturn reads it back and checks
 * what the handler may have changed: segments are forced, rflags keeps
 * only the arithmetic flags, and the FPU image must be one XRSTOR
 * accepts.
 */
#include "hal/hal.h"
#include "hal/x86_64/regs.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

#define UC_FP_XSTATE 1
#define UC_SIGCONTEXT_SS 2
#define UC_STRICT_RESTORE_SS 4
#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define SW_BYTES 464 /* struct _fpx_sw_bytes in the FXSAVE image */
/* AC OF DF TF SF ZF AF PF CF RF: what a handler may change. */
#define FIX_EFLAGS 0x50dd5ULL

struct sigcontext_lx {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;
    uint64_t reserved1[8];
};

struct stack_lx {
    uint64_t ss_sp;
    int32_t ss_flags, pad;
    uint64_t ss_size;
};

struct ucontext_lx {
    uint64_t uc_flags, uc_link;
    struct stack_lx uc_stack;
    struct sigcontext_lx mc;
    uint64_t uc_sigmask;
};

struct rt_sigframe {
    uint64_t pretcode;
    struct ucontext_lx uc;
    uint8_t info[128];
};

struct fpx_sw_bytes {
    uint32_t magic1, extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size, pad[7];
};

_Static_assert(sizeof(struct sigcontext_lx) == 256, "sigcontext");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe");

int hal_signal_frame(struct regs *r, const struct hal_sigframe *a)
{
    size_t fsize = hal_fpu_size();
    int xsave = hal_fpu_features() != 0;
    uint64_t fp = ALIGN_DOWN(a->sp - fsize - 4, 64);
    uint64_t at = ALIGN_DOWN(fp - sizeof(struct rt_sigframe), 16) - 8;
    struct rt_sigframe f;
    memset(&f, 0, sizeof(f));

    if (xsave) {
        struct fpx_sw_bytes sw = {FP_XSTATE_MAGIC1, (uint32_t)fsize + 4,
                                  hal_fpu_features(), (uint32_t)fsize, {0}};
        memcpy((uint8_t *)a->fpu + SW_BYTES, &sw, sizeof(sw));
    }
    uint32_t magic2 = FP_XSTATE_MAGIC2;
    if (copy_to_user((void *)fp, a->fpu, fsize) ||
        (xsave && copy_to_user((void *)(fp + fsize), &magic2, 4)))
        return -EFAULT;

    f.pretcode = a->restorer;
    f.uc.uc_flags = (xsave ? UC_FP_XSTATE : 0) | UC_SIGCONTEXT_SS |
                    UC_STRICT_RESTORE_SS;
    f.uc.uc_stack = (struct stack_lx){a->stack.sp, a->stack.flags, 0,
                                      a->stack.size};
    struct sigcontext_lx *m = &f.uc.mc;
    *m = (struct sigcontext_lx){
        r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
        r->rdi, r->rsi, r->rbp, r->rbx, r->rdx, r->rax, r->rcx, r->rsp,
        r->rip, r->rflags, (uint16_t)r->cs, 0, 0, (uint16_t)r->ss,
        a->err, a->trapno, a->mask, a->cr2, fp, {0}};
    f.uc.uc_sigmask = a->mask;
    memcpy(f.info, a->info, sizeof(f.info));
    if (copy_to_user((void *)at, &f, sizeof(f)))
        return -EFAULT;

    r->rdi = (uint64_t)a->sig;
    r->rsi = at + offsetof(struct rt_sigframe, info);
    r->rdx = at + offsetof(struct rt_sigframe, uc);
    r->rax = 0;
    r->rsp = at;
    r->rip = a->handler;
    r->rflags &= ~0x10500ULL; /* DF, TF, RF */
    r->cs = USER_CS;
    r->ss = USER_DS;
    return 0;
}

int hal_signal_return(struct regs *r, uint64_t *mask,
                      struct hal_stack *stack, void *fpu)
{
    struct ucontext_lx uc;
    uint64_t at = r->rsp - 8; /* the handler's ret took the pretcode */
    if (copy_from_user(&uc, (const void *)(at + 8), sizeof(uc)))
        return -EFAULT;
    const struct sigcontext_lx *m = &uc.mc;
    size_t fsize = hal_fpu_size();
    if (m->fpstate) {
        struct fpx_sw_bytes sw;
        uint32_t magic2 = 0;
        if (copy_from_user(fpu, (const void *)m->fpstate, 512))
            return -EFAULT;
        memcpy(&sw, (uint8_t *)fpu + SW_BYTES, sizeof(sw));
        int extended = hal_fpu_features() && sw.magic1 == FP_XSTATE_MAGIC1 &&
                       sw.xstate_size == fsize &&
                       sw.extended_size == fsize + 4 &&
                       !copy_from_user(&magic2,
                                       (const void *)(m->fpstate + fsize), 4) &&
                       magic2 == FP_XSTATE_MAGIC2;
        if (extended && copy_from_user(fpu, (const void *)m->fpstate, fsize))
            return -EFAULT;
        if (!hal_fpu_check(fpu, extended))
            return -EFAULT;
    } else {
        hal_fpu_init_area(fpu);
    }
    r->r8 = m->r8, r->r9 = m->r9, r->r10 = m->r10, r->r11 = m->r11;
    r->r12 = m->r12, r->r13 = m->r13, r->r14 = m->r14, r->r15 = m->r15;
    r->rdi = m->rdi, r->rsi = m->rsi, r->rbp = m->rbp, r->rbx = m->rbx;
    r->rdx = m->rdx, r->rax = m->rax, r->rcx = m->rcx, r->rsp = m->rsp;
    r->rip = m->rip;
    r->rflags = (r->rflags & ~FIX_EFLAGS) | (m->eflags & FIX_EFLAGS);
    /* Linux takes the selectors with RPL 3; any but the program's own
     * would make iretq fault, which Linux reports as SIGSEGV. */
    uint64_t cs = m->cs | 3, ss = uc.uc_flags & UC_STRICT_RESTORE_SS
                                      ? (uint64_t)(m->ss | 3)
                                      : USER_DS;
    if (cs != USER_CS || ss != USER_DS)
        return -EFAULT;
    r->cs = cs;
    r->ss = ss;
    r->vector = (uint64_t)-1; /* no syscall to restart */
    *mask = uc.uc_sigmask;
    stack->sp = uc.uc_stack.ss_sp;
    stack->flags = uc.uc_stack.ss_flags;
    stack->size = uc.uc_stack.ss_size;
    return 0;
}
