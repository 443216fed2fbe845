// SPDX-License-Identifier: MIT
/* Memory syscalls: argument checks in Linux's order, then mm/. */
#include "kernel/kernel.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "mm/mm.h"
#include "syscall/linux.h"
#include "syscall/syscall.h"

/* The calling process's (they belong to its address space). */
#define brk_start (mm_current()->brk_start)
#define brk_cur (mm_current()->brk_cur)
#define data_len (mm_current()->brk_data_len)

/* Linux refuses a new mapping once vm.max_map_count are there, even one
 * that would merge. */
static int at_map_limit(void)
{
    const struct mm_space *mm = mm_space_current();
    return mm->count >= mm_max_map_count;
}

void mm_brk_init(uint64_t start, uint64_t data_bytes)
{
    brk_start = brk_cur = start;
    data_len = data_bytes;
}

/* Linux's checks, in its order: RLIMIT_DATA against the heap plus the
 * data segment's file bytes (check_data_rlimit), then, to grow, a free
 * page above the new end, may_expand_vm and the mapping count. */
long sys_brk(uint64_t addr)
{
    uint64_t lim = proc_rlimit(LX_RLIMIT_DATA);
    if (addr < brk_start || addr >= MM_USER_TOP)
        return (long)brk_cur;
    if (lim != LX_RLIM_INFINITY && (addr - brk_start) + data_len > lim)
        return (long)brk_cur;
    uint64_t old_end = ALIGN_UP(brk_cur, PAGE_SIZE);
    uint64_t new_end = ALIGN_UP(addr, PAGE_SIZE);
    int prot = LX_PROT_READ | LX_PROT_WRITE;
    struct mm_stats st;
    mm_get_stats(&st);
    if (new_end > old_end) {
        uint64_t grow = new_end - old_end;
        /* Like Linux's overcommit check: no more than RAM at once. */
        if (!vma_is_free(old_end, grow + PAGE_SIZE) ||
            !vma_may_expand(prot, VMA_HEAP, grow) || at_map_limit() ||
            grow > st.total_bytes ||
            vma_map(old_end, grow, prot, VMA_HEAP, NULL, 0))
            return (long)brk_cur;
    } else if (new_end < old_end && vma_unmap(new_end, old_end - new_end)) {
        return (long)brk_cur;
    }
    brk_cur = addr;
    return (long)addr;
}

static int range_ok(uint64_t addr, uint64_t len)
{
    return addr < MM_USER_TOP && len <= MM_USER_TOP - addr;
}

/* The checks of a file mapping, in Linux's order; *f becomes NULL for
 * /dev/zero, whose mappings are anonymous memory. */
static long mmap_file_ok(struct file **f, int type, int prot)
{
    int fl = vfs_file_flags(*f), acc = fl & LX_O_ACCMODE;
    if (type != LX_MAP_PRIVATE && (prot & LX_PROT_WRITE) && acc != LX_O_RDWR)
        return -EACCES;
    if (acc == LX_O_WRONLY)
        return -EACCES;
    if (type != LX_MAP_PRIVATE && (prot & LX_PROT_WRITE) &&
        vfs_file_map_readonly(*f))
        return -EINVAL;
    if (vfs_is_dev_zero(*f)) {
        *f = NULL;
        return 0;
    }
    return vfs_file_size(*f) < 0 ? -ENODEV : 0;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd,
              int64_t off)
{
    int type = flags & LX_MAP_TYPE;
    struct file *f = NULL;
    long err;

    if (!len || (off & (PAGE_SIZE - 1)) || off < 0)
        return -EINVAL;
    if (type != LX_MAP_PRIVATE && type != LX_MAP_SHARED &&
        type != LX_MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (len > MM_USER_TOP)
        return -ENOMEM;
    len = ALIGN_UP(len, PAGE_SIZE);
    if (!(flags & LX_MAP_ANONYMOUS)) {
        f = fd_get(fd);
        if (!f || (vfs_file_flags(f) & LX_O_PATH))
            return -EBADF;
    }
    if (at_map_limit())
        return -ENOMEM;
    uint64_t replaced = 0;
    if (flags & (LX_MAP_FIXED | LX_MAP_FIXED_NOREPLACE)) {
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (!range_ok(addr, len))
            return -ENOMEM;
        replaced = vma_mapped_bytes(addr, len);
        if ((flags & LX_MAP_FIXED_NOREPLACE) && replaced)
            return -EEXIST; /* even with MAP_FIXED, as Linux */
    } else {
        /* A hint is taken if free; a low one becomes MM_MMAP_MIN. */
        if (addr && addr < MM_MMAP_MIN)
            addr = MM_MMAP_MIN;
        addr = ALIGN_UP(addr, PAGE_SIZE);
        if (!addr || !range_ok(addr, len) || !vma_is_free(addr, len))
            addr = vma_find_free(len);
        if (!addr)
            return -ENOMEM;
    }
    if (f && (err = mmap_file_ok(&f, type, prot)))
        return err;
    /* Shared file mappings use the file's pages.  Shared anonymous memory
     * (and /dev/zero) is private memory marked shared: with one process
     * nobody can tell the difference, but fork must share its pages. */
    int vflags = type == LX_MAP_PRIVATE ? 0 : f ? VMA_SHARED : VMA_ANON_SHARED;
    if (!vma_may_expand(prot, vflags, len - replaced))
        return -ENOMEM;
    if (!f && (prot & LX_PROT_WRITE) && type == LX_MAP_PRIVATE) {
        /* Like Linux's heuristic overcommit: refuse the obviously
         * impossible, lazily back the rest. */
        struct mm_stats st;
        mm_get_stats(&st);
        if (len > st.total_bytes)
            return -ENOMEM;
    }
    err = vma_map(addr, len, prot, vflags, f, (uint64_t)off);
    return err ? err : (long)addr;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
    if ((addr & (PAGE_SIZE - 1)) || !len || !range_ok(addr, len))
        return -EINVAL;
    return vma_unmap(addr, ALIGN_UP(len, PAGE_SIZE));
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
    if ((addr & (PAGE_SIZE - 1)) ||
        (prot & ~(LX_PROT_READ | LX_PROT_WRITE | LX_PROT_EXEC)))
        return -EINVAL;
    len = ALIGN_UP(len, PAGE_SIZE);
    if (!len)
        return 0;
    if (!range_ok(addr, len))
        return -ENOMEM;
    return vma_protect(addr, len, prot);
}

long sys_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
                uint64_t new_addr)
{
    if ((old & (PAGE_SIZE - 1)) ||
        (flags & ~(LX_MREMAP_MAYMOVE | LX_MREMAP_FIXED)) ||
        ((flags & LX_MREMAP_FIXED) && !(flags & LX_MREMAP_MAYMOVE)))
        return -EINVAL;
    old_len = ALIGN_UP(old_len, PAGE_SIZE);
    new_len = ALIGN_UP(new_len, PAGE_SIZE);
    if (!new_len || !old_len || !range_ok(old, old_len) ||
        !range_ok(old, new_len))
        return -EINVAL;
    struct vma *v = vma_find(old);
    if (!v || old + old_len > v->end)
        return -EFAULT;
    struct vma like = *v;
    uint64_t grow_off = like.off + (old - like.start) + old_len;
    uint64_t count = mm_space_current()->count;
    uint64_t max = mm_max_map_count;
    int grow_ok = new_len <= old_len ||
                  vma_may_expand(like.prot, like.flags, new_len - old_len);
    int err;
    /* Linux leaves room for the splits of a move: 3 mappings, and 2 more
     * for the unmapping at a fixed target. */
    if (flags & LX_MREMAP_FIXED) {
        if ((new_addr & (PAGE_SIZE - 1)) || !range_ok(new_addr, new_len) ||
            (new_addr < old + old_len && old < new_addr + new_len))
            return -EINVAL;
        if (count + 2 >= max - 3 || !grow_ok)
            return -ENOMEM;
        if ((err = vma_unmap(new_addr, new_len)))
            return err;
    } else if (new_len <= old_len) {
        err = vma_unmap(old + new_len, old_len - new_len);
        return err ? err : (long)old;
    } else if (!grow_ok) {
        return -ENOMEM;
    } else if (vma_is_free(old + old_len, new_len - old_len)) {
        err = vma_map(old + old_len, new_len - old_len, like.prot, like.flags,
                      like.file, grow_off);
        return err ? err : (long)old;
    } else if (!(flags & LX_MREMAP_MAYMOVE) || count >= max - 3) {
        return -ENOMEM;
    } else if (!(new_addr = vma_find_free(new_len))) {
        return -ENOMEM;
    }
    uint64_t keep = MIN(old_len, new_len);
    if (old_len > keep)
        vma_unmap(old + keep, old_len - keep);
    err = vma_move(old, keep, new_addr);
    if (!err && new_len > keep)
        err = vma_map(new_addr + keep, new_len - keep, like.prot, like.flags,
                      like.file, grow_off);
    return err ? err : (long)new_addr;
}

/* Shared file mappings use the file's own pages, so there is nothing to
 * write back: msync checks its arguments and the range. */
long sys_msync(uint64_t addr, uint64_t len, int flags)
{
    const int ms_async = 1, ms_invalidate = 2, ms_sync = 4;
    if ((addr & (PAGE_SIZE - 1)) ||
        (flags & ~(ms_async | ms_invalidate | ms_sync)) ||
        ((flags & ms_async) && (flags & ms_sync)))
        return -EINVAL;
    len = ALIGN_UP(len, PAGE_SIZE);
    if (!range_ok(addr, len))
        return -ENOMEM;
    return vma_mapped_bytes(addr, len) == len ? 0 : -ENOMEM;
}

/* PARTIAL: MADV_DONTNEED and MADV_FREE drop pages (zero on next touch,
 * or the file's data again; shared anonymous memory keeps them, as in
 * Linux's shared memory object); every other advice is only a hint, accepted
 * and ignored as Linux may.  Like Linux, the mapped parts of a range with
 * holes are advised and the call still fails with ENOMEM. */
long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
    if ((addr & (PAGE_SIZE - 1)) || advice < 0 || advice > 100)
        return -EINVAL;
    len = ALIGN_UP(len, PAGE_SIZE);
    if (!range_ok(addr, len))
        return -EINVAL;
    int drop = advice == LX_MADV_DONTNEED || advice == LX_MADV_FREE;
    long ret = 0;
    for (uint64_t a = addr; a < addr + len;) {
        struct vma *v = vma_find(a);
        if (!v) {
            ret = -ENOMEM;
            a = vma_next_start(a);
            continue;
        }
        uint64_t end = MIN(v->end, addr + len);
        if (drop)
            vma_discard(a, end - a);
        a = end;
    }
    return ret;
}
