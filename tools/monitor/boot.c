/* SPDX-License-Identifier: MIT */
/*
 * What the guest finds in RAM at its first instruction: the kernel's
 * PT_LOAD segments at their physical addresses, the boot info, the command
 * line, the initrd at the top of RAM, page tables and a GDT (include/abi.h).
 */
#define MONITOR_INTERNAL
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "monitor.h"

#define PAGE_SIZE 4096ULL
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define BOOT_AREA_END (UK_BOOT_CMDLINE + UK_CMDLINE_MAX)

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_PS 0x80ULL /* 2 MiB page in a PD entry */

/* Print "uk: kernel <path>: <why>" and return -ENOEXEC. */
static int bad_elf(const char *path, const char *why)
{
    fprintf(stderr, "uk: kernel %s: %s\n", path, why);
    return -ENOEXEC;
}

/* Read exactly n bytes at off; -errno, or -ENODATA if the file is short. */
static int pread_full(int fd, void *buf, uint64_t n, uint64_t off)
{
    uint8_t *p = buf;
    while (n > 0) {
        size_t chunk = n > (1U << 30) ? (1U << 30) : (size_t)n;
        ssize_t r = pread(fd, p, chunk, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        if (r == 0)
            return -ENODATA;
        p += r;
        off += r;
        n -= r;
    }
    return 0;
}

static int check_ehdr(const char *path, const Elf64_Ehdr *eh, uint64_t size)
{
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
        return bad_elf(path, "not an ELF file");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
        return bad_elf(path, "not an x86-64 ELF64 file");
    if (eh->e_type != ET_EXEC)
        return bad_elf(path, "not an executable ELF");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > MONITOR_MAX_PHDR)
        return bad_elf(path, "bad program header table");
    uint64_t tab = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (eh->e_phoff > size || tab > size - eh->e_phoff)
        return bad_elf(path, "truncated program header table");
    return 0;
}

/* Physical address the boot page tables give to virtual address v, or
 * UINT64_MAX if they do not map it. */
static uint64_t boot_virt_to_phys(uint64_t v)
{
    if (v < GIB)
        return v;
    if (v >= UK_KERNEL_VIRT && v - UK_KERNEL_VIRT < GIB)
        return v - UK_KERNEL_VIRT;
    return UINT64_MAX;
}

static int check_phdrs(const char *path, struct monitor_kernel *k,
                       uint64_t size)
{
    uint64_t entry_phys = boot_virt_to_phys(k->entry);
    int entry_ok = 0, nload = 0;

    k->end = 0;
    for (unsigned i = 0; i < k->nphdr; i++) {
        const Elf64_Phdr *ph = &k->phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz)
            return bad_elf(path, "PT_LOAD file size exceeds memory size");
        if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
            return bad_elf(path, "PT_LOAD beyond the end of the file");
        if (ph->p_paddr < BOOT_AREA_END)
            return bad_elf(path, "PT_LOAD overlaps the boot area");
        if (ph->p_paddr > UINT64_MAX - PAGE_SIZE ||
            ph->p_memsz > UINT64_MAX - PAGE_SIZE - ph->p_paddr)
            return bad_elf(path, "PT_LOAD address overflows");
        uint64_t end = ph->p_paddr + ph->p_memsz;
        if (end > k->end)
            k->end = end;
        if (entry_phys >= ph->p_paddr && entry_phys < end)
            entry_ok = 1;
        nload++;
    }
    if (nload == 0)
        return bad_elf(path, "no PT_LOAD segment");
    if (!entry_ok)
        return bad_elf(path, "entry point outside the loaded image");
    return 0;
}

int monitor_boot_check(const struct monitor_config *cfg, uint64_t mem_size,
                       struct monitor_kernel *k)
{
    const char *path = cfg->kernel_path;
    Elf64_Ehdr eh;
    struct stat st;
    int r;

    k->fd = -1;
    if (cfg->cmdline && strlen(cfg->cmdline) >= UK_CMDLINE_MAX) {
        fprintf(stderr,
                "uk: kernel command line too long: %zu bytes, "
                "max %d\n",
                strlen(cfg->cmdline), UK_CMDLINE_MAX - 1);
        return -E2BIG;
    }
    if (!path) {
        fprintf(stderr, "uk: kernel: no path given\n");
        return -EINVAL;
    }
    k->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (k->fd < 0) {
        r = -errno;
        fprintf(stderr, "uk: cannot open kernel %s: %s\n", path, strerror(-r));
        return r;
    }
    if (fstat(k->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        r = bad_elf(path, "not a regular file");
        goto err_fd;
    }
    r = pread_full(k->fd, &eh, sizeof(eh), 0);
    if (r < 0) {
        r = bad_elf(path, r == -ENODATA ? "not an ELF file"
                                        : "cannot read the ELF header");
        goto err_fd;
    }
    r = check_ehdr(path, &eh, st.st_size);
    if (r < 0)
        goto err_fd;
    k->entry = eh.e_entry;
    k->nphdr = eh.e_phnum;
    r = pread_full(k->fd, k->phdr, k->nphdr * sizeof(Elf64_Phdr), eh.e_phoff);
    if (r < 0) {
        r = bad_elf(path, "cannot read the program headers");
        goto err_fd;
    }
    r = check_phdrs(path, k, st.st_size);
    if (r < 0)
        goto err_fd;

    /* Kernel image, then free RAM, then the initrd at the top. */
    uint64_t kend = (k->end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (cfg->initrd_size > mem_size || kend > mem_size - cfg->initrd_size) {
        uint64_t need = cfg->initrd_size > UINT64_MAX - kend
                            ? UINT64_MAX
                            : kend + cfg->initrd_size;
        fprintf(stderr, "uk: --mem too small: need at least %llu MiB\n",
                (unsigned long long)(need / MIB + (need % MIB != 0)));
        r = -ENOMEM;
        goto err_fd;
    }
    return 0;

err_fd:
    close(k->fd);
    k->fd = -1;
    return r;
}

void monitor_boot_release(struct monitor_kernel *k)
{
    if (k->fd >= 0)
        close(k->fd);
    k->fd = -1;
}

/* Read each PT_LOAD straight into guest RAM; the rest (bss) is zero. */
static int load_segments(struct monitor_vm *vm, struct monitor_kernel *k,
                         const char *path)
{
    for (unsigned i = 0; i < k->nphdr; i++) {
        const Elf64_Phdr *ph = &k->phdr[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        uint8_t *dst = monitor_gpa(vm, ph->p_paddr, ph->p_memsz);
        if (!dst)
            return bad_elf(path, "PT_LOAD outside guest memory");
        int r = pread_full(k->fd, dst, ph->p_filesz, ph->p_offset);
        if (r < 0) {
            fprintf(stderr, "uk: cannot read kernel %s: %s\n", path,
                    r == -ENODATA ? "file is truncated" : strerror(-r));
            return r;
        }
    }
    return 0;
}

/* Identity map and high-half map of physical [0, 1 GiB) with 2 MiB pages. */
static void write_page_tables(struct monitor_vm *vm)
{
    uint64_t *pml4 = monitor_gpa(vm, UK_BOOT_PML4, 3 * PAGE_SIZE);
    uint64_t *pdpt = pml4 + 512;
    uint64_t *pd = pdpt + 512;
    uint64_t pdpt_gpa = UK_BOOT_PML4 + PAGE_SIZE;
    uint64_t pd_gpa = UK_BOOT_PML4 + 2 * PAGE_SIZE;

    pml4[0] = pml4[511] = pdpt_gpa | PTE_P | PTE_W;
    pdpt[0] = pdpt[510] = pd_gpa | PTE_P | PTE_W;
    for (uint64_t i = 0; i < 512; i++)
        pd[i] = (i << 21) | PTE_P | PTE_W | PTE_PS;
}

/* Null, 64-bit code (0x08), data (0x10): flat, DPL 0. */
static void write_gdt(struct monitor_vm *vm)
{
    uint64_t *gdt = monitor_gpa(vm, UK_BOOT_GDT, 3 * sizeof(uint64_t));

    gdt[0] = 0;
    gdt[1] = 0x00af9b000000ffffULL; /* P, S, code r/x accessed, L, G */
    gdt[2] = 0x00cf93000000ffffULL; /* P, S, data r/w accessed, D/B, G */
}

int monitor_boot_load(struct monitor_vm *vm, struct monitor_kernel *k,
                      const struct monitor_config *cfg)
{
    struct uk_boot_info *bi;
    const char *cmdline = cfg->cmdline ? cfg->cmdline : "";
    size_t clen = strlen(cmdline) + 1;
    uint64_t initrd_gpa = 0;
    int r;

    r = load_segments(vm, k, cfg->kernel_path);
    if (r < 0)
        return r;

    if (cfg->initrd_size > 0) {
        initrd_gpa = (vm->mem_size - cfg->initrd_size) & ~(PAGE_SIZE - 1);
        void *dst = monitor_gpa(vm, initrd_gpa, cfg->initrd_size);
        if (!dst || !cfg->initrd) {
            fprintf(stderr, "uk: initrd: does not fit in guest memory\n");
            return -ENOMEM;
        }
        memcpy(dst, cfg->initrd, cfg->initrd_size);
    }

    memcpy(monitor_gpa(vm, UK_BOOT_CMDLINE, clen), cmdline, clen);

    bi = monitor_gpa(vm, UK_BOOT_INFO, sizeof(*bi));
    bi->magic = UK_BOOT_MAGIC;
    bi->version = UK_ABI_VERSION;
    bi->vmm = UK_VMM_MONITOR;
    bi->mem_size = vm->mem_size;
    bi->cmdline = UK_BOOT_CMDLINE;
    bi->initrd = initrd_gpa;
    bi->initrd_size = cfg->initrd_size;
    r = ioctl(vm->vcpu[0].fd, KVM_GET_TSC_KHZ, 0);
    bi->tsc_khz = r > 0 ? (uint64_t)r : 0;

    write_page_tables(vm);
    write_gdt(vm);
    vm->entry = k->entry;
    return 0;
}
