// SPDX-License-Identifier: MIT
/*
 * The vDSO (hal/x86_64/vdso/): its image from the kernel's rodata and the
 * page of clock parameters it reads, mapped read-only into the program
 * below its stack, as Linux maps them near the stack.  The kernel writes
 * the page under a sequence count when the wall clock is set.
 */
#include "hal/hal.h"
#include "hal/x86_64/vdso/vdso_data.h"
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/vdso.h"
#include "mm/mm.h"
#include "syscall/linux.h"

/* Just below the stack mapping: the data page, then the image. */
#define VDSO_DATA (MM_STACK_TOP - MM_STACK_SIZE - 4 * PAGE_SIZE)
#define VDSO_TEXT (VDSO_DATA + PAGE_SIZE)

extern const char vdso_image[], vdso_image_end[];
static struct vdso_data *data;

void vdso_init(void)
{
    uint64_t f = frame_alloc();
    if (!f)
        panic("no memory for the vDSO");
    data = phys_to_virt(f);
    time_vdso(&data->tsc0, &data->mult, &data->realtime0);
}

void vdso_set_realtime(uint64_t realtime0)
{
    if (!data)
        return;
    __atomic_fetch_add(&data->seq, 1, __ATOMIC_SEQ_CST); /* odd: changing */
    data->realtime0 = realtime0;
    __atomic_fetch_add(&data->seq, 1, __ATOMIC_SEQ_CST);
}

uint64_t vdso_map(void)
{
    uint64_t n = (uint64_t)(vdso_image_end - vdso_image) / PAGE_SIZE;
    if (!data ||
        vma_map(VDSO_DATA, PAGE_SIZE, LX_PROT_READ, VMA_VVAR, NULL, 0) ||
        vma_map(VDSO_TEXT, n * PAGE_SIZE, LX_PROT_READ | LX_PROT_EXEC,
                VMA_VDSO, NULL, 0) ||
        mm_map_page(VDSO_DATA, virt_to_phys(data), LX_PROT_READ,
                    MM_PAGE_BORROWED) ||
        mm_map_pages(VDSO_TEXT, hal_virt_to_phys(vdso_image), n,
                     LX_PROT_READ | LX_PROT_EXEC, MM_PAGE_BORROWED))
        return 0; /* the program does without: libcs fall back */
    return VDSO_TEXT;
}
