// SPDX-License-Identifier: MIT
/* Which pages are in memory: mincore, mlock, munlock.  There is no swap,
 * so a page, once in memory, stays until it is unmapped; mlock brings the
 * range in, as Linux does, and munlock has nothing to undo. */
#include "kernel/kernel.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define PF_WRITE 2

static int range_ok(uint64_t addr, uint64_t len)
{
    return addr < MM_USER_TOP && len <= MM_USER_TOP - addr;
}

/* Every page of [addr, addr+len) is mapped: 0, or -ENOMEM. */
static long check_mapped(uint64_t addr, uint64_t len)
{
    return vma_mapped_bytes(addr, len) == len ? 0 : -ENOMEM;
}

long sys_mincore(uint64_t addr, uint64_t len, uint8_t *vec)
{
    uint8_t chunk[256];
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    len = ALIGN_UP(len, PAGE_SIZE);
    if (!range_ok(addr, len))
        return -ENOMEM;
    long err = check_mapped(addr, len);
    if (err)
        return err;
    uint64_t pages = len / PAGE_SIZE;
    for (uint64_t i = 0; i < pages; i += sizeof(chunk)) {
        uint64_t n = MIN(pages - i, sizeof(chunk));
        for (uint64_t k = 0; k < n; k++)
            chunk[k] = (uint8_t)mm_page_present(addr + (i + k) * PAGE_SIZE);
        if (copy_to_user(vec + i, chunk, n))
            return -EFAULT;
    }
    return 0;
}

static long lock(uint64_t addr, uint64_t len, int populate)
{
    uint64_t start = ALIGN_DOWN(addr, PAGE_SIZE);
    len = ALIGN_UP(len + (addr - start), PAGE_SIZE);
    if (!range_ok(start, len))
        return -ENOMEM;
    long err = check_mapped(start, len);
    if (err || !populate)
        return err;
    for (uint64_t a = start; a < start + len; a += PAGE_SIZE) {
        struct vma *v = vma_find(a);
        int prot = v->prot;
        /* Linux cannot bring in a PROT_NONE page, and says so. */
        if (!(prot & (LX_PROT_READ | LX_PROT_WRITE | LX_PROT_EXEC)))
            return -ENOMEM;
        if (mm_page_present(a))
            continue;
        err = mm_fault(a, prot & LX_PROT_WRITE ? PF_WRITE : 0);
        if (err == -ENOMEM)
            return -EAGAIN;
        if (err == -EIO)
            return -EFAULT; /* beyond the end of a shared file */
    }
    return 0;
}

long sys_mlock(uint64_t addr, uint64_t len)
{
    return lock(addr, len, 1);
}

/* MLOCK_ONFAULT: pages are locked as they come in, so none come now. */
long sys_mlock2(uint64_t addr, uint64_t len, unsigned flags)
{
    if (flags & ~1u)
        return -EINVAL;
    return lock(addr, len, !(flags & 1));
}

long sys_munlock(uint64_t addr, uint64_t len)
{
    uint64_t start = ALIGN_DOWN(addr, PAGE_SIZE);
    len = ALIGN_UP(len + (addr - start), PAGE_SIZE);
    if (!range_ok(start, len))
        return -ENOMEM;
    return check_mapped(start, len);
}
