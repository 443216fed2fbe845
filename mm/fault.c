// SPDX-License-Identifier: MIT
/* Page faults in the program's memory: demand-zero, file-backed, and the
 * first write to a page that is still the boot archive's. */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "kernel/task.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_USER 0x4
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

static bool present(uint64_t va)
{
    uint64_t *pte = pt_pte(va, 0);
    return pte && (*pte & PTE_P);
}

/* After a sleep: the mapping at va if it still wants the page of f at
 * offset off (the same file there, some access allowed, no page yet). */
static const struct vma *still_backs(uint64_t va, const struct file *f,
                                     uint64_t off)
{
    const struct vma *v = vma_find(va);
    if (!v || v->file != f || v->off + (va - v->start) != off ||
        !(v->prot & (LX_PROT_READ | LX_PROT_WRITE | LX_PROT_EXEC)) ||
        present(va))
        return NULL;
    return v;
}

/*
 * A private file mapping's missing page, read from the file.  A read
 * brings the missing pages around it too, within the mapping, the file
 * and the aligned window of VFS_READ_PAGES pages (Linux's fault-around
 * maps 16): one request to a host directory and one fault where there
 * would be sixteen, which matters where a fault is slow.  A fault from
 * user mode may sleep while the host serves it: if the task did, the
 * mapping may have changed meanwhile (another thread's munmap, mprotect
 * or fault), so a page is mapped only where the same file still backs
 * it and nothing is mapped yet.
 */
static int fault_file(const struct vma *v, uint64_t page, uint64_t err)
{
    uint64_t lo = page, hi = page + PAGE_SIZE, win = VFS_READ_PAGES * PAGE_SIZE;
    long size = vfs_file_size(v->file);
    if (!(err & PF_WRITE) && size >= 0) {
        uint64_t fend = v->off < (uint64_t)size
                            ? v->start + ALIGN_UP((uint64_t)size - v->off, PAGE_SIZE)
                            : v->start;
        uint64_t wlo = MAX(ALIGN_DOWN(page, win), v->start);
        uint64_t whi = MIN(MIN(ALIGN_DOWN(page, win) + win, v->end), fend);
        while (lo > wlo && !present(lo - PAGE_SIZE))
            lo -= PAGE_SIZE;
        while (hi < whi && !present(hi))
            hi += PAGE_SIZE;
    }
    unsigned n = (unsigned)((hi - lo) / PAGE_SIZE), got = 0;
    uint64_t frames[VFS_READ_PAGES], off = v->off + (lo - v->start);
    while (got < n && (frames[got] = frame_alloc()))
        got++;
    struct file *f = v->file;
    struct task *t = task_current();
    uint64_t switches = t->nvcsw;
    file_get(f); /* for the read, should v go while it sleeps */
    long r = got < n ? -ENOMEM
                     : vfs_read_pages(f, off, frames, n, err & PF_USER);
    bool slept = t->nvcsw != switches;
    for (unsigned k = 0; k < got; k++) {
        uint64_t va = lo + k * PAGE_SIZE;
        const struct vma *now = r < 0   ? NULL
                                : slept ? still_backs(va, f, off + k * PAGE_SIZE)
                                        : v;
        int e = now ? pt_map(va, frames[k], now->prot, MM_PAGE_OWNED) : -1;
        if (e < 0) {
            frame_free(frames[k]);
            if (now)
                r = e;
        }
    }
    file_put(f);
    return r == -ENOMEM ? -ENOMEM : r < 0 ? -EFAULT : 0;
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
    if (v->file && !(pte && (*pte & PTE_P)))
        return fault_file(v, page, err);
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

/* Reading page tables is slow on some hypervisors (a walk costs tens of
 * microseconds on kvm_pvm): one walk per page table, then its entries. */
unsigned mm_user_frames_writable(uint64_t va, unsigned n, uint64_t *pa)
{
    unsigned done = 0;
    uint64_t *pte = NULL;
    for (uint64_t page = ALIGN_DOWN(va, PAGE_SIZE); done < n;
         page += PAGE_SIZE, pte = pte ? pte + 1 : NULL) {
        if (page >= MM_USER_TOP)
            break;
        if (!pte || (page & (511 * PAGE_SIZE)) == 0)
            pte = pt_pte(page, 0);
        if (!pte || (*pte & (PTE_P | PTE_W)) != (PTE_P | PTE_W)) {
            if (mm_fault(page, PF_WRITE) < 0)
                break;
            pte = pt_pte(page, 0);
            if (!pte || (*pte & (PTE_P | PTE_W)) != (PTE_P | PTE_W))
                break;
        }
        pa[done++] = *pte & PTE_ADDR;
    }
    return done;
}
