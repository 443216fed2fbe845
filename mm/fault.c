// SPDX-License-Identifier: MIT
/* Page faults in the program's memory: demand-zero, file-backed, and the
 * first write to a page that is still the boot archive's. */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_IFETCH 0x10

/* A page of a shared file mapping is the file's own page. */
static int fault_shared(const struct vma *v, uint64_t page)
{
    uint64_t off = v->off + (page - v->start);
    long size = vfs_file_size(v->file), err = 0;
    if (size < 0 || off >= (uint64_t)size)
        return -EIO; /* SIGBUS, as Linux beyond the end of the file */
    void *p = vfs_file_page(v->file, off / PAGE_SIZE, &err);
    if (!p)
        return err == -ENOMEM ? -ENOMEM : -EIO;
    return pt_map(page, virt_to_phys(p), v->prot, MM_PAGE_SHARED);
}

int mm_fault(uint64_t addr, uint64_t err)
{
    struct vma *v = vma_find(addr);
    if (!v)
        return -EFAULT;
    if ((err & PF_WRITE) && !(v->prot & LX_PROT_WRITE))
        return -EFAULT;
    if ((err & PF_IFETCH) && !(v->prot & LX_PROT_EXEC))
        return -EFAULT;
    if (!(v->prot & (LX_PROT_READ | LX_PROT_WRITE | LX_PROT_EXEC)))
        return -EFAULT;

    uint64_t page = ALIGN_DOWN(addr, PAGE_SIZE);
    uint64_t *pte = pt_pte(page, 0);
    /* Another thread got here first (or this CPU's TLB was stale): the
     * page already allows the access. */
    if (pte && (*pte & PTE_P) && (!(err & PF_WRITE) || (*pte & PTE_W)) &&
        (!(err & PF_IFETCH) || !(*pte & PTE_NX)))
        return 0;
    if (v->flags & VMA_SHARED)
        return fault_shared(v, page);
    if (pte && (*pte & PTE_P)) {
        if (!(err & PF_WRITE))
            return -EFAULT;
        /* A private page fork left to this address space alone now:
         * writable again in place. */
        if ((*pte & PTE_OWNED) && !frame_shared(*pte & PTE_ADDR)) {
            *pte |= PTE_W;
            hal_invlpg(page);
            return 0;
        }
    }
    uint64_t f = frame_alloc();
    if (!f)
        return -ENOMEM;
    if (pte && (*pte & PTE_P)) {
        /* Write to a read-only frame that is the archive's or that another
         * address space shares: copy it (pt_map drops this side's share). */
        memcpy(phys_to_virt(f), phys_to_virt(*pte & PTE_ADDR), PAGE_SIZE);
    } else if (v->file) {
        long n = vfs_pread_kernel(v->file, phys_to_virt(f), PAGE_SIZE,
                                  v->off + (page - v->start));
        if (n < 0) {
            frame_free(f);
            return -EFAULT;
        }
    }
    return pt_map(page, f, v->prot, MM_PAGE_OWNED);
}
