/* SPDX-License-Identifier: MIT */
/* Physical memory and the program's address space. */
#ifndef UK_MM_H
#define UK_MM_H

#include <stddef.h>
#include <stdint.h>

#include "hal/hal.h"
#include "mm/vma_tree.h"

/* Kernel virtual address of physical address p (the direct map). */
#define MM_DIRECT_BASE 0xffff800000000000ULL
#define phys_to_virt(p) ((void *)((uint64_t)(p) + MM_DIRECT_BASE))
#define virt_to_phys(v) ((uint64_t)(v)-MM_DIRECT_BASE)

struct mm_stats {
    uint64_t total_bytes; /* guest RAM */
    uint64_t free_bytes;  /* not yet handed out */
};
void mm_get_stats(struct mm_stats *st);

/* The program's addresses are [0, MM_USER_TOP): the lower half less its
 * last page, as Linux's TASK_SIZE_MAX, so that no instruction can end at
 * the non-canonical boundary. */
#define MM_USER_TOP 0x7ffffffff000ULL
/* Nothing is mapped below this unless asked with MAP_FIXED (Linux's
 * vm.mmap_min_addr). */
#define MM_MMAP_MIN 0x10000ULL

/* Resolve a page fault at addr (error code err) in the program's memory:
 * demand-zero or file-backed pages of a mapping that allows the access.
 * Returns 0 when the access can be retried, -EFAULT for SIGSEGV, -EIO for
 * SIGBUS (beyond the end of a shared file), -ENOMEM out of memory. */
int mm_fault(uint64_t addr, uint64_t err);

/* Set up frames, the kernel heap and the kernel page tables.  ram_end is
 * the top of guest RAM; [reserved_lo, reserved_hi) holds the boot archive. */
void mm_init(uint64_t ram_end, uint64_t reserved_lo, uint64_t reserved_hi);

/* The physical address of the page tables (for other CPUs' CR3). */
uint64_t mm_kernel_cr3(void);
/* The most user pages the program has had at once (for ru_maxrss). */
uint64_t mm_rss_peak(void);
/* The user pages that have a frame now. */
uint64_t mm_rss(void);
/* Whether user page va is in memory now (for mincore). */
int mm_page_present(uint64_t va);

/* Kernel address of the device registers at [pa, pa+len): uncached. */
void *mm_map_mmio(uint64_t pa, uint64_t len);

/* A zeroed 4 KiB frame, or 0 when memory is exhausted. */
uint64_t frame_alloc(void);
/* n physically contiguous zeroed frames, or 0. */
uint64_t frame_alloc_contig(uint64_t n);
/* The same, not zeroed: for memory the caller writes before reading
 * (kernel stacks), since zeroing is slow at CPL 0 on some hypervisors. */
uint64_t frame_alloc_contig_dirty(uint64_t n);
/* Give a frame back (one owner's share of it, when it has several). */
void frame_free(uint64_t phys);
/* One more owner of an allocated frame (fork): 0, or -ENOMEM when it has
 * as many as the count holds. */
int frame_share(uint64_t phys);
/* Whether the frame has more than one owner. */
int frame_shared(uint64_t phys);
/* The same for a frame the caller left all zero: it needs no clearing
 * when it is handed out again. */
void frame_free_zeroed(uint64_t phys);
/* Frames still available. */
uint64_t frame_free_count(void);


/* The program's mappings, in an ordered tree (mm/vma_tree.h). */
struct file;
struct vma {
    uint64_t start, end; /* page aligned, end exclusive */
    int prot;            /* LX_PROT_* */
    int flags;           /* VMA_* */
    struct file *file;   /* file-backed when set (one reference held) */
    uint64_t off;        /* file offset of start */
    struct vma_links t;  /* the tree's: mm/vma_tree.c */
};
#define VMA_STACK 1
#define VMA_HEAP 2
#define VMA_SHARED 4      /* MAP_SHARED of a file: pages are the file's */
#define VMA_ANON_SHARED 8 /* MAP_SHARED without a file (or of /dev/zero) */
/* Names for /proc/self/maps: the program's segments, the vDSO, its data */
#define VMA_IMAGE 16
#define VMA_VDSO 32
#define VMA_VVAR 64

/* Linux's default vm.max_map_count. */
#define MM_MAX_MAP_COUNT 65530

/* An address space: its page tables, its mappings and what they add up
 * to.  Each process has one, or shares its parent's (vfork). */
struct mm_space {
    uint64_t *pml4;       /* its page tables' root (mm/paging.c) */
    int users;            /* processes that run in it */
    int ended;            /* no users: only an idle CPU may still hold it */
    uint64_t rss, rss_peak; /* user pages with a frame: now, and most */
    struct vma *chunks;   /* the pages its tree nodes come from */
    uint64_t brk_start, brk_cur, brk_data_len; /* syscall/mm.c */
    struct vma *root;     /* the mappings, by address */
    uint64_t count;       /* how many, never more than mm_max_map_count */
    uint64_t total_bytes; /* all of them: what RLIMIT_AS bounds */
    uint64_t data_bytes;  /* private, writable, not stack: RLIMIT_DATA */
    uint64_t free_top;    /* no page from here to MM_MMAP_BASE is free */
    struct vma *cache;    /* the mapping looked up last */
    struct vma *spare;    /* freed nodes, so a change cannot fail halfway */
    unsigned nspare;
    struct vma *fresh;    /* never used nodes, the rest of the last chunk */
    unsigned nfresh;
};
/* The address space this CPU runs, read-only. */
const struct mm_space *mm_space_current(void);
/* The same, for mm/ (mm/space.c keeps one per CPU).  A host unit test
 * brings its own. */
#ifdef UK_HOST
struct mm_space *mm_current(void);
#else
extern struct mm_space *mm_running[HAL_MAX_CPUS];
static inline struct mm_space *mm_current(void)
{
    return mm_running[hal_cpu_id()];
}
#endif
/* Run in mm on this CPU from now on: loads CR3 when it changes.  NULL,
 * for an idle CPU, keeps what is loaded (mm/space.c). */
void mm_switch(struct mm_space *mm);
/* A new empty address space, with one user; NULL when memory is out. */
struct mm_space *mm_new(void);
/* fork: a copy of the current address space, its private pages shared
 * copy-on-write; NULL when memory is out. */
struct mm_space *mm_fork(void);
/* One user fewer: the last frees its pages, tables and nodes. */
void mm_put(struct mm_space *mm);
/* vm.max_map_count, for every address space (MM_MAX_MAP_COUNT at first). */
extern uint64_t mm_max_map_count;
void mm_set_max_map_count(uint64_t n);

/* What a mapped frame is: borrowed pages are never written through the
 * mapping (the first write copies them), owned ones are freed on unmap,
 * shared ones belong to a file and are written in place. */
#define MM_PAGE_BORROWED 0
#define MM_PAGE_OWNED 1
#define MM_PAGE_SHARED 2

/* Where mmap without a hint starts, searching down. */
#define MM_MMAP_BASE 0x7ff000000000ULL
#define MM_STACK_TOP 0x7ffffffff000ULL
#define MM_STACK_SIZE (8ULL << 20)

/* Map [start, start+len) anew, replacing whatever was there, and merge
 * it with compatible neighbours.  Returns 0, or -ENOMEM when memory runs
 * out or more than mm_max_map_count mappings would result (then nothing
 * changed).  Takes a reference on f. */
int vma_map(uint64_t start, uint64_t len, int prot, int flags,
            struct file *f, uint64_t off);
/* Remove [start, start+len): frees its pages.  0, or -ENOMEM when a
 * mapping would have to be split beyond mm_max_map_count. */
int vma_unmap(uint64_t start, uint64_t len);
/* Change protection over [start, start+len), splitting and merging as
 * Linux does.  -ENOMEM if a private mapping made writable would pass
 * RLIMIT_DATA or a split would pass mm_max_map_count (then nothing changed), or
 * if part of the range is unmapped (as in Linux, what comes before the
 * first hole still changes). */
int vma_protect(uint64_t start, uint64_t len, int prot);
/* The mapping containing addr, or NULL. */
struct vma *vma_find(uint64_t addr);
/* The start of the first mapping above addr, or MM_USER_TOP. */
uint64_t vma_next_start(uint64_t addr);
/* Whether no mapping intersects [start, start+len). */
int vma_is_free(uint64_t start, uint64_t len);
/* Bytes of [start, start+len) that mappings cover. */
uint64_t vma_mapped_bytes(uint64_t start, uint64_t len);
/* The highest free range of len bytes below MM_MMAP_BASE, or 0. */
uint64_t vma_find_free(uint64_t len);
/* Whether bytes more of mappings with these prot and VMA_* flags fit
 * RLIMIT_AS and, for data (private writable, not stack), RLIMIT_DATA:
 * Linux's may_expand_vm. */
int vma_may_expand(int prot, int flags, uint64_t bytes);
/* Drop the frames of [start, start+len) but keep the mappings, so the next
 * touch sees zeros (or the file again): madvise(MADV_DONTNEED).  Shared
 * anonymous pages stay, as they stay in Linux's shared memory object. */
void vma_discard(uint64_t start, uint64_t len);
/* fork: the current address space's mappings and pages into child, an
 * empty one.  0 or -ENOMEM (then child is half made: mm_put it). */
int vma_copy_to(struct mm_space *child);
/* Unmap everything of the current address space and free its nodes. */
void vma_free_all(void);
/* Move the mapping [from, from+len) (within one vma) to a free range at
 * to, without copying pages. */
int vma_move(uint64_t from, uint64_t len, uint64_t to);
/* The frame of an owned page mapped at user address va, or 0 (absent or
 * not ours); when there is one, its protection is added to *prot. */
uint64_t mm_lookup(uint64_t va, int *prot);
/* The frames of the n user pages from the one holding va on, made
 * present and writable as writes by the program would (demand-zero,
 * copy-on-write), for a device to write into: how many from the first
 * on, into pa (fewer where the program could not write). */
unsigned mm_user_frames_writable(uint64_t va, unsigned n, uint64_t *pa);
/* The frame user page va is mapped to now, or 0. */
uint64_t mm_frame_of(uint64_t va);
/* Map user page va to frame pa, of kind MM_PAGE_*. */
int mm_map_page(uint64_t va, uint64_t pa, int prot, int kind);
/* Map n pages at va to the frames from pa on: one page-table walk per
 * 2 MiB, which matters where kernel instructions are slow. */
int mm_map_pages(uint64_t va, uint64_t pa, uint64_t n, int prot, int kind);

#endif
