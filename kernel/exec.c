// SPDX-License-Identifier: MIT
/*
 * Load a program: map its segments, the vDSO and the initial stack; at
 * boot, then enter ring 3 (execve uses the same steps, syscall/exec.c).
 * Read-only segments map the file's pages in place when the archive holds
 * them page-aligned (./run does that), so a program's text is never
 * copied; writable pages holding file data are copied, and the rest is
 * demand-zero.  A program that is not in memory (a host directory's, or
 * one written since boot) is mapped as a file, as Linux maps one, and
 * its pages come in as they are touched.
 */
#include "hal/hal.h"
#include "include/abi.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/exec.h"
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

#define SCRIPT_LINE 256 /* the first bytes Linux reads: BINPRM_BUF_SIZE */
#define EXEC_HEAD 4096  /* what is read of a file not in memory to parse it */
#define PIE_BASE 0x555555554000ULL /* where Linux puts ET_DYN without ASLR */

_Noreturn static void fail(const char *path, const char *why, int status)
{
    klog("cannot run %s: %s", path, why);
    proc_exit(status, UK_EXIT_ERROR);
}

/* Map one page of a segment: in place when it is a whole read-only page of
 * archive data (borrow: img is the archive's, not a copy that goes with
 * the exec), else as a private copy.  A page that an earlier segment
 * already mapped (they may share one at their boundary) gets this
 * segment's bytes too. */
static int map_seg_page(uint64_t va, const struct elf_seg *s, uint64_t bias,
                        const uint8_t *img, int borrow)
{
    uint64_t seg_va = s->vaddr + bias;
    uint64_t file_lo = MAX(va, seg_va);
    uint64_t file_hi = MIN(va + PAGE_SIZE, seg_va + s->filesz);
    const uint8_t *src = img + s->offset + (file_lo - seg_va);
    int prot = (int)s->prot;
    uint64_t f = mm_lookup(va, &prot);

    if (!f && borrow && !(prot & LX_PROT_WRITE) &&
        file_hi - file_lo == PAGE_SIZE && !((uint64_t)src & (PAGE_SIZE - 1)))
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
                        const uint8_t *img, int borrow)
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
        int err = vma_lo < hi ? vma_map(vma_lo, hi - vma_lo, (int)s->prot,
                                        VMA_IMAGE, NULL, 0)
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
        if (!borrow || (s->prot & LX_PROT_WRITE) ||
            ((uint64_t)src & (PAGE_SIZE - 1)) || in_lo >= in_hi)
            in_lo = in_hi = file_hi;
        else if (!err)
            err = mm_map_pages(in_lo, hal_virt_to_phys(src),
                               (in_hi - in_lo) / PAGE_SIZE, (int)s->prot,
                               MM_PAGE_BORROWED);
        for (uint64_t va = lo; !err && va < file_hi; va += PAGE_SIZE)
            if (va < in_lo || va >= in_hi)
                err = map_seg_page(va, s, bias, img, borrow);
        if (err)
            return err;
        prev_end = MAX(prev_end, hi);
    }
    return 0;
}

/* The segments of a file not in memory, as private file mappings (the
 * bss after them anonymous); the page where bss starts is read now, with
 * its tail zeroed, as Linux's padzero does. */
static int map_file_segments(const struct elf_info *ei, uint64_t bias,
                             struct file *f)
{
    for (int i = 0; i < ei->nsegs; i++) {
        const struct elf_seg *s = &ei->segs[i];
        uint64_t lo = ALIGN_DOWN(s->vaddr + bias, PAGE_SIZE);
        uint64_t fend = s->vaddr + bias + s->filesz;
        uint64_t fhi = s->filesz ? ALIGN_UP(fend, PAGE_SIZE) : lo;
        uint64_t hi = ALIGN_UP(s->vaddr + bias + s->memsz, PAGE_SIZE);
        int prot = (int)s->prot, err = 0;
        if (fhi > lo)
            err = vma_map(lo, fhi - lo, prot, VMA_IMAGE, f,
                          ALIGN_DOWN(s->offset, PAGE_SIZE));
        if (!err && hi > fhi)
            err = vma_map(fhi, hi - fhi, prot, VMA_IMAGE, NULL, 0);
        if (!err && s->memsz > s->filesz && fend % PAGE_SIZE) {
            uint64_t fr = frame_alloc(), page = ALIGN_DOWN(fend, PAGE_SIZE);
            long n = fr ? vfs_read_pages(f, s->offset + (page - s->vaddr - bias),
                                         &fr, 1, false)
                        : -ENOMEM;
            if (n >= 0) {
                memset((uint8_t *)phys_to_virt(fr) + fend % PAGE_SIZE, 0,
                       PAGE_SIZE - fend % PAGE_SIZE);
                err = mm_map_page(page, fr, prot, MM_PAGE_OWNED);
            } else if (fr) {
                frame_free(fr);
            }
            err = err ? err : n < 0 ? -ENOMEM : 0;
        }
        if (err)
            return err;
    }
    return 0;
}

/* Whether each segment has pages of its own, which map_file_segments
 * needs (two sharing a page are copied into it instead). */
static int own_pages(const struct elf_info *ei)
{
    for (int i = 1; i < ei->nsegs; i++)
        if (ALIGN_DOWN(ei->segs[i].vaddr, PAGE_SIZE) <
            ALIGN_UP(ei->segs[i - 1].vaddr + ei->segs[i - 1].memsz, PAGE_SIZE))
            return 0;
    return 1;
}

/* The stack: its mapping, the pages the strings and vectors need, filled.
 * 0 or -errno (-E2BIG: more than a quarter of the stack, as Linux's
 * ARG_MAX). */
static int map_stack(struct stack_args *a, uint64_t *rsp)
{
    uint64_t need = stack_size(a);
    uint64_t np = ALIGN_UP(need, PAGE_SIZE) / PAGE_SIZE;
    if (need > MM_STACK_SIZE / 4)
        return -E2BIG;
    if (vma_map(MM_STACK_TOP - MM_STACK_SIZE, MM_STACK_SIZE,
                LX_PROT_READ | LX_PROT_WRITE, VMA_STACK, NULL, 0))
        return -ENOMEM;
    uint64_t f = frame_alloc_contig(np);
    if (!f)
        return -ENOMEM;
    uint64_t base = MM_STACK_TOP - np * PAGE_SIZE;
    struct stack_info si;
    if (stack_build_info(phys_to_virt(f), np * PAGE_SIZE, MM_STACK_TOP, a,
                         &si)) {
        for (uint64_t i = 0; i < np; i++)
            frame_free(f + i * PAGE_SIZE);
        return -E2BIG;
    }
    for (uint64_t i = 0; i < np; i++)
        if (mm_map_page(base + i * PAGE_SIZE, f + i * PAGE_SIZE,
                        LX_PROT_READ | LX_PROT_WRITE, MM_PAGE_OWNED))
            return -ENOMEM;
    *rsp = si.rsp;
    proc_set_stack(si.arg_start, si.arg_end, si.env_start, si.env_end, si.rsp);
    return 0;
}

/* The strings of the stack: x's arguments, environment and AT_EXECFN. */
static struct stack_args strings_of(const struct exec_args *x,
                                    const uint8_t *random16)
{
    return (struct stack_args){
        .argc = x->argc, .argv = x->argv, .argv_len = x->argv_len,
        .envc = x->envc, .envp = x->envp, .envp_len = x->envp_len,
        .execfn = x->path, .random16 = random16,
    };
}

uint64_t exec_stack_need(const struct exec_args *x)
{
    static const uint8_t rnd[16];
    struct stack_args a = strings_of(x, rnd);
    return stack_size(&a);
}

/* If f starts with "#!": the interpreter's path and its one optional
 * argument (empty if none) from the first line, split as Linux does, in
 * line (SCRIPT_LINE bytes).  1, 0 (not a script), or -ENOEXEC. */
static int script_line(struct file *f, char *line, char **interp, char **arg)
{
    long n = vfs_pread_kernel(f, line, SCRIPT_LINE - 1, 0);
    if (n < 2 || line[0] != '#' || line[1] != '!')
        return 0;
    line[n] = 0;
    size_t nl = 0;
    while (nl < (size_t)n && line[nl] != '\n')
        nl++;
    if (nl == SCRIPT_LINE - 1)
        return -ENOEXEC; /* a first line longer than Linux reads */
    line[nl] = 0;
    char *p = line + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return -ENOEXEC;
    *interp = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (*p)
        *p++ = 0;
    while (*p == ' ' || *p == '\t')
        p++;
    char *e = p + strlen(p);
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = 0;
    *arg = p;
    return 1;
}

int exec_open(struct file *f, struct exec_image *im, const char **why)
{
    *im = (struct exec_image){.file = f};
    *why = "not an executable";
    im->img = vfs_file_bytes(f, &im->size);
    long n = im->img ? 0 : vfs_file_size(f);
    if (n < 0)
        return -EACCES;
    if (!im->img) { /* the headers first: most of it may never be read */
        uint64_t head = MIN((uint64_t)n, EXEC_HEAD);
        if (!(im->copy = kmalloc(head + 1)))
            return -ENOMEM;
        int r = vfs_pread_kernel(f, im->copy, head, 0) == (long)head
                    ? elf_parse_head(im->copy, head, (uint64_t)n, &im->ei, why)
                    : ELF_HEAD_SHORT;
        im->lazy = r != ELF_HEAD_SHORT && (r == 0 || im->ei.has_interp) &&
                   own_pages(&im->ei);
        if (im->lazy) {
            im->img = im->copy;
            im->size = (uint64_t)n;
            file_get(f);
            return 0;
        }
        if (r != ELF_HEAD_SHORT && r != 0 && !im->ei.has_interp) {
            kfree(im->copy);
            return -ENOEXEC; /* not an ELF: no need to read it all */
        }
        kfree(im->copy);
        if (!(im->copy = kmalloc((size_t)n + 1)))
            return -ENOMEM;
        if (vfs_pread_kernel(f, im->copy, (size_t)n, 0) != n) {
            kfree(im->copy);
            *why = "cannot read";
            return -EIO;
        }
        im->img = im->copy;
        im->size = (uint64_t)n;
    }
    if (elf_parse(im->img, im->size, &im->ei, why) && !im->ei.has_interp) {
        kfree(im->copy);
        return -ENOEXEC;
    }
    file_get(f);
    return 0;
}

int exec_open_interp(const struct exec_image *im, struct exec_image *in,
                     const char **why)
{
    long err;
    struct file *f = vfs_open_kernel(im->ei.interp, LX_O_RDONLY, &err);
    *why = "its interpreter is missing";
    if (!f)
        return (int)err;
    err = exec_open(f, in, why);
    file_put(f);
    if (!err && in->ei.has_interp) {
        exec_close(in);
        err = -ENOEXEC;
    }
    if (err == -ENOEXEC) {
        *why = "its interpreter is not an ELF program";
        return -ELIBBAD;
    }
    return (int)err;
}

void exec_close(struct exec_image *im)
{
    kfree(im->copy);
    file_put(im->file);
}

/* The interpreter: a shared object goes where mmap would put it (Linux's
 * load_elf_interp); its bias, or 1 when memory is out. */
static uint64_t map_interp(const struct exec_image *in)
{
    const struct elf_info *ie = &in->ei;
    uint64_t base = 0;
    if (ie->is_pie) {
        uint64_t at = vma_find_free(ie->hi - ie->lo + ie->align - PAGE_SIZE);
        if (!at)
            return 1;
        base = ALIGN_UP(at, ie->align) - ie->lo;
    }
    int err = in->lazy ? map_file_segments(ie, base, in->file)
                       : map_segments(ie, base, in->img, !in->copy);
    return err ? 1 : base;
}

int exec_map(struct exec_image *im, struct exec_image *in,
             const struct exec_args *x, uint64_t *entry, uint64_t *rsp)
{
    const struct elf_info *ei = &im->ei;
    uint64_t bias = ei->is_pie ? ALIGN_UP(PIE_BASE, ei->align) - ei->lo : 0;
    /* A copy of the file (one written since boot) goes with the exec:
     * its pages cannot stay mapped. */
    if (im->lazy ? map_file_segments(ei, bias, im->file)
                 : map_segments(ei, bias, im->img, !im->copy))
        return -ENOMEM;
    uint64_t base = in ? map_interp(in) : 0;
    if (base == 1)
        return -ENOMEM;
    uint64_t start_data = 0, end_data = 0;
    for (int i = 0; i < ei->nsegs; i++) {
        start_data = MAX(start_data, ei->segs[i].vaddr);
        end_data = MAX(end_data, ei->segs[i].vaddr + ei->segs[i].filesz);
    }
    mm_brk_init(ei->hi + bias, end_data - start_data);

    uint8_t rnd[16];
    uint32_t id[4];
    random_bytes(rnd, sizeof(rnd));
    hal_cpuid(1, 0, id);
    struct stack_args a = strings_of(x, rnd);
    a.phdr = ei->phdr_vaddr ? ei->phdr_vaddr + bias : 0;
    a.phent = ei->phentsize;
    a.phnum = ei->phnum;
    a.entry = ei->entry + bias;
    a.base = base;
    a.hwcap = id[3];
    a.pagesz = PAGE_SIZE;
    a.clktck = 100;
    a.minsigstksz = LX_MINSIGSTKSZ;
    a.sysinfo_ehdr = vdso_map();
    *entry = in ? in->ei.entry + base : ei->entry + bias;
    return map_stack(&a, rsp);
}

struct exec_args *exec_script_args(struct file *f, const struct exec_args *x,
                                   int *err)
{
    int skip = x->argc > 0, n = x->argc - skip + 3 + x->envc;
    char *mem = kmalloc(sizeof(struct exec_args) +
                        (size_t)n * (sizeof(char *) + sizeof(uint64_t)) +
                        SCRIPT_LINE);
    if (!mem) {
        *err = -ENOMEM;
        return NULL;
    }
    struct exec_args *nx = (struct exec_args *)mem;
    const char **v = (const char **)(nx + 1);
    uint64_t *len = (uint64_t *)(v + n);
    char *line = (char *)(len + n), *interp, *arg;
    int script = script_line(f, line, &interp, &arg);
    if (script != 1) {
        kfree(mem);
        *err = script;
        return NULL;
    }
    const char *front[3] = {interp, arg, x->path};
    int nf = 0;
    for (int i = 0; i < 3; i++)
        if (i != 1 || *arg)
            v[nf] = front[i], len[nf++] = strlen(front[i]);
    int argc = nf + x->argc - skip;
    for (int i = skip; i < x->argc; i++)
        v[nf + i - skip] = x->argv[i], len[nf + i - skip] = x->argv_len[i];
    for (int i = 0; i < x->envc; i++)
        v[argc + i] = x->envp[i], len[argc + i] = x->envp_len[i];
    *nx = (struct exec_args){
        .path = interp, .argc = argc, .envc = x->envc,
        .argv = v, .envp = v + argc, .argv_len = len, .envp_len = len + argc,
    };
    *err = 0;
    return nx;
}

_Noreturn void exec_start(const struct exec_args *x)
{
    const char *path = x->path, *execfn = x->argc ? x->argv[0] : x->path;
    static struct exec_image im, interp;
    for (int depth = 0;; depth++) {
        long err = 0;
        struct file *f = vfs_open_kernel(x->path, LX_O_RDONLY, &err);
        if (!f)
            fail(x->path, err == -ENOENT ? "no such file" : "cannot open",
                 err == -ENOENT ? UK_STATUS_NOTFOUND : UK_STATUS_NOEXEC);
        const char *why;
        err = exec_open(f, &im, &why);
        int serr; /* a script's arguments live as long as the program */
        struct exec_args *nx = err == -ENOEXEC && depth < EXEC_SCRIPT_DEPTH
                                   ? exec_script_args(f, x, &serr)
                                   : NULL;
        file_put(f);
        if (nx) {
            x = nx;
            continue;
        }
        if (!err && im.ei.has_interp && (err = exec_open_interp(&im, &interp,
                                                               &why)))
            fail(x->path, why, /* missing: 127, as a shell says */
                 err == -ENOENT ? UK_STATUS_NOTFOUND : UK_STATUS_NOEXEC);
        if (err)
            fail(x->path, why,
                 err == -ENOMEM ? UK_STATUS_VMM : UK_STATUS_NOEXEC);
        break;
    }
    uint64_t entry, rsp;
    struct exec_args xs = *x; /* AT_EXECFN: what the command line said */
    xs.path = execfn;
    struct exec_image *in = im.ei.has_interp ? &interp : NULL;
    long err = exec_map(&im, in, &xs, &entry, &rsp);
    if (err)
        fail(path, err == -E2BIG ? "argument list too long" : "out of memory",
             err == -E2BIG ? UK_STATUS_NOEXEC : UK_STATUS_VMM);
    exec_close(&im);
    if (in)
        exec_close(in);
    vfs_set_exe(x->path);
    proc_set_comm(path);
    report_set_program(path);
    struct task *t = task_first(entry, rsp);
    if (!t)
        fail(path, "out of memory for the first thread", UK_STATUS_VMM);
    sched_add(t);
    sched_idle_loop();
}
