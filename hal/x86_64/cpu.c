// SPDX-License-Identifier: MIT
/* Each CPU's GDT, TSS, syscall MSRs and GS base; the IDT; the small CPU
 * instructions the kernel needs; the boot probe of `syscall`. */
#include "hal/hal.h"
#include "hal/x86_64/percpu.h"
#include "hal/x86_64/regs.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

/* Each CPU's GDT: the kernel's and the program's segments where Linux
 * has them, and its TSS. */
static const uint64_t gdt_template[10] = {
    0,
    0,                  /* 0x08 unused */
    0x00af9a000000ffff, /* 0x10 kernel code */
    0x00cf92000000ffff, /* 0x18 kernel data */
    0x00cffa000000ffff, /* 0x20 user code32 (unused; STAR layout) */
    0x00cff2000000ffff, /* 0x28 user data */
    0x00affa000000ffff, /* 0x30 user code64 */
    0,                  /* 0x38 unused */
    0, 0,               /* 0x40 TSS, filled in below */
};
/* The IDT, 256 gates of two words (offset 15:0, selector, IST, type,
 * offset 31:16 | offset 63:32), built by the compiler: stub i is at TRAP_STUBS_VA + 16 * i,
 * where kernel.ld puts trap_stubs (and checks it).  Breakpoint and
 * overflow are the gates a program may use (int3, int $3, int $4), as on
 * Linux, and int N to any other is #GP; a double fault runs on its own
 * stack (IST 1). */
#define TRAP_STUBS_VA 0xffffffff80104000ULL
#define STUB(i) (TRAP_STUBS_VA + 16 * (i))
#define GATE(i)                                                            \
    {(STUB(i) & 0xffff) | (uint64_t)KERNEL_CS << 16 |                      \
         (uint64_t)((i) == 8) << 32 |                                      \
         (0x8eULL | ((i) == 3 || (i) == 4 ? 3 : 0) << 5) << 40 |           \
         ((STUB(i) >> 16) & 0xffff) << 48,                                 \
     STUB(i) >> 32}
#define GATE4(i) GATE(i), GATE(i + 1), GATE(i + 2), GATE(i + 3)
#define GATE16(i) GATE4(i), GATE4(i + 4), GATE4(i + 8), GATE4(i + 12)
#define GATE64(i) GATE16(i), GATE16(i + 16), GATE16(i + 32), GATE16(i + 48)
static const uint64_t idt[256][2] = {GATE64(0), GATE64(64), GATE64(128),
                                     GATE64(192)};
struct hal_cpu hal_cpus[HAL_MAX_CPUS];
extern char trap_stubs[], syscall_entry[], kstack_top[], probe_entry[];

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

/* Leaf 1 is asked for often, and each cpuid exits to the hypervisor.
 * Its OSXSAVE bit follows CR4, so enable_xstate empties the cache. */
static uint32_t leaf1[4];

void hal_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    if (leaf == 1 && leaf1[0]) {
        memcpy(r, leaf1, sizeof(leaf1));
        return;
    }
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(subleaf));
    if (leaf == 1)
        memcpy(leaf1, r, sizeof(leaf1));
}

static void load_tables(struct hal_cpu *c)
{
    uint64_t base = (uint64_t)&c->tss;
    memcpy(c->gdt, gdt_template, sizeof(c->gdt));
    c->gdt[8] = (sizeof(c->tss) - 1) | ((base & 0xffffff) << 16) |
                (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
    c->gdt[9] = base >> 32;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof(c->gdt) - 1, (uint64_t)c->gdt},
                              idtr = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lgdt %0" ::"m"(gdtr));
    __asm__ volatile("lidt %0" ::"m"(idtr));
    __asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss"
                     ::"r"(KERNEL_DS));
    __asm__ volatile("xor %%eax, %%eax; mov %%eax, %%fs; mov %%eax, %%gs"
                     ::: "eax");
    /* Reload CS with a far return. */
    __asm__ volatile("pushq %0; lea 1f(%%rip), %%rax; push %%rax; lretq; 1:"
                     ::"i"(KERNEL_CS) : "rax", "memory");
    __asm__ volatile("ltr %w0" ::"r"(TSS_SEL));
}

/* Turn on XSAVE-managed state (AVX and up) so programs may use it.  The
 * kernel itself never touches FPU or vector registers (fpu.c).  Under
 * kvm_pvm the hypervisor emulates the kernel's instructions and has no
 * XSAVE or XRSTOR (the syscall probe tells that platform): there the
 * program gets x87 and SSE only, which FXSAVE switches, and CPUID says
 * so (no OSXSAVE), so libcs and runtimes do not use AVX. */
static int no_xsave;

static void enable_xstate(void)
{
    uint32_t r[4];
    uint64_t cr4;

    hal_cpuid(1, 0, r);
    if (!(r[2] & (1u << 26)) || no_xsave) {
        hal_fpu_setup(0);
        return;
    }
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | (1UL << 18)));
    leaf1[0] = 0;
    hal_cpuid(0xd, 0, r);
    uint64_t mask = (((uint64_t)r[3] << 32) | r[0]) & 0xe7; /* x87 SSE AVX
                                                               AVX-512 */
    __asm__ volatile("xsetbv" ::"c"(0), "a"((uint32_t)mask),
                     "d"((uint32_t)(mask >> 32)));
    hal_fpu_setup(mask);
}

void hal_cpu_init(unsigned id, uint64_t stack_top)
{
    struct hal_cpu *c = &hal_cpus[id];
    c->self = c;
    c->id = id;
    c->kstack_top = c->tss.rsp[0] = stack_top;
    c->tss.ist[0] = (uint64_t)c->df_stack + sizeof(c->df_stack);
    c->tss.iomap_base = sizeof(c->tss);
    load_tables(c);
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0); /* the program's, until swapgs */
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1 | (1 << 11)); /* SCE, NXE */
    wrmsr(MSR_STAR, ((uint64_t)(USER_DS - 8 - 3) << 48) |
                        ((uint64_t)KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, 0x47700); /* clear TF IF DF AC NT on entry */
    enable_xstate();
}

void hal_set_kernel_stack(uint64_t top)
{
    struct hal_cpu *c = hal_cpu();
    c->kstack_top = top;
    c->tss.rsp[0] = top;
}

void hal_cpu_set_task(unsigned id, void *task)
{
    hal_cpus[id].task = task;
}

void hal_set_resched(unsigned id, int v)
{
    hal_cpus[id].resched = (uint32_t)v;
}

int hal_rdrand(uint64_t *out)
{
    static int has = -1;
    uint32_t r[4];
    unsigned char ok;

    if (has < 0) {
        hal_cpuid(1, 0, r);
        has = !!(r[2] & (1u << 30));
    }
    if (!has)
        return 0;
    for (int i = 0; i < 10; i++) {
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
        if (ok)
            return 1;
    }
    return 0;
}

void hal_set_fs_base(uint64_t v)
{
    wrmsr(MSR_FS_BASE, v);
}

uint64_t hal_get_fs_base(void)
{
    return rdmsr(MSR_FS_BASE);
}

/* In the kernel the program's GS base waits in KERNEL_GS_BASE for the
 * swapgs on the way out. */
void hal_set_user_gs_base(uint64_t v)
{
    wrmsr(MSR_KERNEL_GS_BASE, v);
}

void hal_load_cr3(uint64_t pml4)
{
    __asm__ volatile("mov %0, %%cr3" ::"r"(pml4) : "memory");
}

void hal_flush_tlb(void)
{
    uint64_t cr3;
    __asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3)::"memory");
}

void hal_invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

uint64_t hal_virt_to_phys(const void *v)
{
    uint64_t a = (uint64_t)v;
    return a >= UK_KERNEL_VIRT ? a - UK_KERNEL_VIRT : a - MM_DIRECT_BASE;
}

void hal_pause(void)
{
    __asm__ volatile("pause");
}

uint64_t hal_read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

/*
 * Whether `syscall` changes privilege.  On hardware and under QEMU it does.
 * Under kvm_pvm (README: platform notes) the CPU jumps to LSTAR still in ring 3, and
 * the fetch of the supervisor-only entry page faults instead.  The probe
 * runs `syscall` once from a user page, with LSTAR at probe_entry (probe.S),
 * and sees which of the two happens.
 */
#define PROBE_VA 0x10000ULL

int probe_run(uint64_t rip, uint64_t rsp, void *rsp0_slot);
_Noreturn void probe_resume(int outcome);
static int probing;
int hal_syscall_faults;
long (*hal_fast_syscalls[HAL_FAST_NR])(long, long, long, long, long, long);

int hal_probe_trap(const struct regs *r)
{
    if (!probing)
        return 0;
    probing = 0;
    int fetch_fault = r->vector == 14 && (r->cs & 3) == 3 &&
                      r->rip == (uint64_t)probe_entry;
    probe_resume(fetch_fault ? 2 : 100 + (int)r->vector);
}

/* QEMU's TCG, which emulates `syscall` as the architecture says: it needs
 * no probe (a sixth of a TCG boot). */
static int under_tcg(void)
{
    uint32_t r[4];
    hal_cpuid(0x40000000, 0, r);
    return r[1] == 0x54474354 && r[2] == 0x43544743 &&
           r[3] == 0x47435447; /* "TCGTCGTCGTCG" */
}

void hal_syscall_probe(void)
{
    static const uint8_t code[] = {0x0f, 0x05, 0x0f, 0x0b}; /* syscall; ud2 */
    if (under_tcg())
        return;
    uint64_t f = frame_alloc();
    if (!f || vma_map(PROBE_VA, PAGE_SIZE, 5 /* PROT_READ|PROT_EXEC */, 0,
                      NULL, 0) ||
        mm_map_page(PROBE_VA, f, 5, 0 /* not freed by the unmap */))
        panic("no memory for the syscall probe");
    memcpy(phys_to_virt(f), code, sizeof(code));
    wrmsr(MSR_LSTAR, (uint64_t)probe_entry);
    probing = 1;
    struct hal_cpu *c = hal_cpu();
    uint64_t top = c->tss.rsp[0];
    int outcome = probe_run(PROBE_VA, PROBE_VA + PAGE_SIZE,
                            (uint8_t *)&c->tss + 4 /* rsp[0] */);
    probing = 0;
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    c->tss.rsp[0] = top;
    vma_unmap(PROBE_VA, PAGE_SIZE);
    memset(phys_to_virt(f), 0, sizeof(code));
    frame_free_zeroed(f); /* the next page table takes it as it is */
    if (outcome != 1 && outcome != 2)
        panic("the syscall instruction does not work here (vector %d)",
              outcome - 100);
    hal_syscall_faults = outcome == 2;
    if (hal_syscall_faults) {
        uint64_t cr4;
        no_xsave = 1;
        __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
        __asm__ volatile("mov %0, %%cr4" ::"r"(cr4 & ~(1UL << 18)));
        leaf1[0] = 0; /* OSXSAVE follows CR4 */
        hal_fpu_setup(0);
    }
}
