// SPDX-License-Identifier: MIT
/*
 * Start the program: map its segments, build the initial stack, enter
 * ring 3.  Read-only segments map the archive's pages in place (./run
 * page-aligns file data), so a program's text is never copied; writable
 * pages holding file data are copied, and the rest is demand-zero.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/task.h"
#include "kernel/vdso.h"
#include "loader/elf.h"
#include "loader/stack.h"
#include "mm/mm.h"
#include "syscall/syscall.h"
#include "syscall/linux.h"

#define PIE_BASE 0x555555554000ULL /* where Linux puts ET_DYN without ASLR */

_Noreturn static void fail(const char *path, const char *why, int status)
{
    klog("cannot run %s: %s", path, why);
    proc_exit(status, UK_EXIT_ERROR);
}

/* Map one page of a segment: in place when it is a whole read-only page of
 * archive data, else as a private copy.  A page that an earlier segment
 * already mapped (they may share one at their boundary) gets this
 * segment's bytes too. */
static int map_seg_page(uint64_t va, const struct elf_seg *s, uint64_t bias,
                        const uint8_t *img)
{
    uint64_t seg_va = s->vaddr + bias;
    uint64_t file_lo = MAX(va, seg_va);
    uint64_t file_hi = MIN(va + PAGE_SIZE, seg_va + s->filesz);
    const uint8_t *src = img + s->offset + (file_lo - seg_va);
    int prot = (int)s->prot;
    uint64_t f = mm_lookup(va, &prot);

    if (!f && !(prot & LX_PROT_WRITE) && file_hi - file_lo == PAGE_SIZE &&
        !((uint64_t)src & (PAGE_SIZE - 1)))
        return mm_map_page(va, hal_virt_to_phys(src), prot,
                           MM_PAGE_BORROWED);
    if (!f && !(f = frame_alloc()))
        return -ENOMEM;
    if (file_lo < file_hi)
        memcpy((uint8_t *)phys_to_virt(f) + (file_lo - va), src,
               file_hi - file_lo);
    return mm_map_page(va, f, prot, MM_PAGE_OWNED);
}

static int map_segments(const struct elf_info *ei, uint64_t bias,
                        const uint8_t *img)
{
    uint64_t prev_end = 0;
    for (int i = 0; i < ei->nsegs; i++) {
        const struct elf_seg *s = &ei->segs[i];
        uint64_t lo = ALIGN_DOWN(s->vaddr + bias, PAGE_SIZE);
        uint64_t hi = ALIGN_UP(s->vaddr + bias + s->memsz, PAGE_SIZE);
        uint64_t file_hi = ALIGN_UP(s->vaddr + bias + s->filesz, PAGE_SIZE);
        /* The mapping starts after a page shared with the previous
         * segment, so that page keeps its contents. */
        uint64_t vma_lo = MAX(lo, prev_end);
        int err = vma_lo < hi ? vma_map(vma_lo, hi - vma_lo, (int)s->prot, 0,
                                        NULL, 0)
                              : 0;
        /* Read-only file pages map in place at once, as Linux maps
         * them: a partial last page shows the file's next bytes, unless
         * bss starts in it, which needs a zeroed copy. */
        uint64_t seg_va = s->vaddr + bias;
        uint64_t in_lo = MAX(lo, prev_end);
        uint64_t in_hi = s->memsz > s->filesz
                             ? ALIGN_DOWN(seg_va + s->filesz, PAGE_SIZE)
                             : file_hi;
        const uint8_t *src = img + s->offset - (seg_va - in_lo);
        if ((s->prot & LX_PROT_WRITE) || ((uint64_t)src & (PAGE_SIZE - 1)) ||
            in_lo >= in_hi)
            in_lo = in_hi = file_hi;
        else if (!err)
            err = mm_map_pages(in_lo, hal_virt_to_phys(src),
                               (in_hi - in_lo) / PAGE_SIZE, (int)s->prot,
                               MM_PAGE_BORROWED);
        for (uint64_t va = lo; !err && va < file_hi; va += PAGE_SIZE)
            if (va < in_lo || va >= in_hi)
                err = map_seg_page(va, s, bias, img);
        if (err)
            return err;
        prev_end = MAX(prev_end, hi);
    }
    return 0;
}

static uint64_t map_stack(struct stack_args *a, const char *path)
{
    uint64_t need = stack_size(a);
    uint64_t np = ALIGN_UP(need, PAGE_SIZE) / PAGE_SIZE;
    if (need > MM_STACK_SIZE / 4)
        fail(path, "argument list too long", UK_STATUS_NOEXEC);
    if (vma_map(MM_STACK_TOP - MM_STACK_SIZE, MM_STACK_SIZE,
                LX_PROT_READ | LX_PROT_WRITE, VMA_STACK, NULL, 0))
        fail(path, "out of memory", UK_STATUS_VMM);
    uint64_t f = frame_alloc_contig(np);
    if (!f)
        fail(path, "out of memory for the stack", UK_STATUS_VMM);
    uint64_t base = MM_STACK_TOP - np * PAGE_SIZE, rsp;
    if (stack_build(phys_to_virt(f), np * PAGE_SIZE, MM_STACK_TOP, a, &rsp))
        fail(path, "argument list too long", UK_STATUS_NOEXEC);
    for (uint64_t i = 0; i < np; i++)
        if (mm_map_page(base + i * PAGE_SIZE, f + i * PAGE_SIZE,
                        LX_PROT_READ | LX_PROT_WRITE, MM_PAGE_OWNED))
            fail(path, "out of memory for the stack", UK_STATUS_VMM);
    return rsp;
}

_Noreturn void exec_start(const struct exec_args *x)
{
    const char *path = x->path;
    long err = 0;
    struct file *f = vfs_open_kernel(path, LX_O_RDONLY, &err);
    if (!f)
        fail(path, err == -ENOENT ? "no such file" : "cannot open",
             err == -ENOENT ? UK_STATUS_NOTFOUND : UK_STATUS_NOEXEC);
    uint64_t size;
    const uint8_t *img = vfs_file_bytes(f, &size);
    if (!img) {
        long n = vfs_file_size(f);
        uint8_t *buf = n >= 0 ? kmalloc((size_t)n + 1) : NULL;
        if (!buf || vfs_pread_kernel(f, buf, (size_t)n, 0) != n)
            fail(path, "cannot read", UK_STATUS_NOEXEC);
        img = buf;
        size = (uint64_t)n;
    }

    static struct elf_info ei;
    const char *why = "not an executable";
    if (elf_parse(img, size, &ei, &why))
        fail(path, why, UK_STATUS_NOEXEC);
    uint64_t bias = ei.is_pie ? ALIGN_UP(PIE_BASE, ei.align) - ei.lo : 0;
    if (map_segments(&ei, bias, img))
        fail(path, "out of memory loading segments", UK_STATUS_VMM);
    uint64_t start_data = 0, end_data = 0;
    for (int i = 0; i < ei.nsegs; i++) {
        start_data = MAX(start_data, ei.segs[i].vaddr);
        end_data = MAX(end_data, ei.segs[i].vaddr + ei.segs[i].filesz);
    }
    mm_brk_init(ei.hi + bias, end_data - start_data);
    vfs_set_exe(path);
    proc_set_comm(path);
    report_set_program(path);

    uint8_t rnd[16];
    uint32_t id[4];
    random_bytes(rnd, sizeof(rnd));
    hal_cpuid(1, 0, id);
    struct stack_args a = {
        .argc = x->argc, .argv = x->argv, .argv_len = x->argv_len,
        .envc = x->envc, .envp = x->envp, .envp_len = x->envp_len,
        .execfn = x->argc ? x->argv[0] : path,
        .random16 = rnd,
        .phdr = ei.phdr_vaddr ? ei.phdr_vaddr + bias : 0,
        .phent = ei.phentsize, .phnum = ei.phnum,
        .entry = ei.entry + bias,
        .base = 0,
        .hwcap = id[3], .hwcap2 = 0, .pagesz = PAGE_SIZE, .clktck = 100,
        .minsigstksz = LX_MINSIGSTKSZ,
        .sysinfo_ehdr = vdso_map(),
    };
    uint64_t rsp = map_stack(&a, path);
    file_put(f);
    struct task *t = task_first(ei.entry + bias, rsp);
    if (!t)
        fail(path, "out of memory for the first thread", UK_STATUS_VMM);
    sched_add(t);
    sched_idle_loop();
}
