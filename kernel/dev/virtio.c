/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio, version 2 (virtio 1.1, 4.2.2), with one split virtqueue
 * (2.6) in one page: descriptors at 0, the driver ring at 1 KiB, the
 * device ring at 2 KiB.  Each request takes two descriptors.
 */
#include "kernel/dev/virtio.h"
#include "abi.h"
#include "hal/hal.h"
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "mm/mm.h"

enum {
    R_MAGIC = 0x000 / 4, R_VERSION = 0x004 / 4, R_DEVICE = 0x008 / 4,
    R_DEV_FEATURES = 0x010 / 4, R_DEV_FEATURES_SEL = 0x014 / 4,
    R_DRV_FEATURES = 0x020 / 4, R_DRV_FEATURES_SEL = 0x024 / 4,
    R_QUEUE_SEL = 0x030 / 4, R_QUEUE_NUM_MAX = 0x034 / 4,
    R_QUEUE_NUM = 0x038 / 4, R_QUEUE_READY = 0x044 / 4,
    R_QUEUE_NOTIFY = 0x050 / 4, R_INT_STATUS = 0x060 / 4,
    R_INT_ACK = 0x064 / 4, R_STATUS = 0x070 / 4,
    R_DESC_LO = 0x080 / 4, R_DESC_HI = 0x084 / 4,
    R_DRIVER_LO = 0x090 / 4, R_DRIVER_HI = 0x094 / 4,
    R_DEVICE_LO = 0x0a0 / 4, R_DEVICE_HI = 0x0a4 / 4,
    R_CONFIG = 0x100 / 4,
};
#define MAGIC 0x74726976u /* "virt" */
#define S_ACK 1u
#define S_DRIVER 2u
#define S_DRIVER_OK 4u
#define S_FEATURES_OK 8u
#define S_FAILED 128u
#define F_VERSION_1_HI 1u /* feature bit 32 */
#define QSIZE 64u /* the descriptors fill their 1 KiB */
#define D_NEXT 1u
#define D_WRITE 2u
#define TIMEOUT_NS 10000000000ULL

struct vq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct virtq {
    struct vq_desc desc[QSIZE];
    uint8_t pad0[1024 - QSIZE * sizeof(struct vq_desc)];
    uint16_t avail_flags, avail_idx, avail_ring[QSIZE];
    uint8_t pad1[1024 - 4 - 2 * QSIZE];
    uint16_t used_flags, used_idx;
    struct {
        uint32_t id, len;
    } used_ring[QSIZE];
};

static void set_addr(struct virtio_dev *d, unsigned lo, uint64_t pa)
{
    d->regs[lo] = (uint32_t)pa;
    d->regs[lo + 1] = (uint32_t)(pa >> 32);
}

int virtio_open(struct virtio_dev *d, unsigned slot, uint32_t device_id,
                uint32_t wanted)
{
    d->regs = mm_map_mmio(UK_VIRTIO_BASE + slot * UK_VIRTIO_STRIDE,
                          UK_VIRTIO_STRIDE);
    if (!d->regs)
        return -ENOMEM;
    volatile uint32_t *r = d->regs;
    if (r[R_MAGIC] != MAGIC || r[R_VERSION] != 2 || r[R_DEVICE] != device_id)
        return -ENODEV;
    r[R_STATUS] = 0;
    r[R_STATUS] = S_ACK | S_DRIVER;
    r[R_DEV_FEATURES_SEL] = 1;
    if (!(r[R_DEV_FEATURES] & F_VERSION_1_HI))
        return -EIO;
    r[R_DRV_FEATURES_SEL] = 1;
    r[R_DRV_FEATURES] = F_VERSION_1_HI;
    r[R_DEV_FEATURES_SEL] = 0;
    uint32_t low = r[R_DEV_FEATURES] & wanted;
    r[R_DRV_FEATURES_SEL] = 0;
    r[R_DRV_FEATURES] = low;
    r[R_STATUS] = S_ACK | S_DRIVER | S_FEATURES_OK;
    if (!(r[R_STATUS] & S_FEATURES_OK))
        return -EIO;
    r[R_QUEUE_SEL] = 0;
    uint32_t max = r[R_QUEUE_NUM_MAX];
    if (max < 2 + VIRTIO_MAX_IN || r[R_QUEUE_READY])
        return -EIO;
    uint64_t pa = frame_alloc();
    if (!pa)
        return -ENOMEM;
    d->q = phys_to_virt(pa);
    d->qsize = (uint16_t)(max < QSIZE ? max : QSIZE);
    d->next_avail = d->last_used = 0;
    d->broken = false;
    r[R_QUEUE_NUM] = d->qsize;
    set_addr(d, R_DESC_LO, pa);
    set_addr(d, R_DRIVER_LO, pa + 1024);
    set_addr(d, R_DEVICE_LO, pa + 2048);
    r[R_QUEUE_READY] = 1;
    r[R_STATUS] = S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK;
    return 0;
}

uint8_t virtio_config8(struct virtio_dev *d, unsigned i)
{
    return ((volatile uint8_t *)(d->regs + R_CONFIG))[i];
}

long virtio_call(struct virtio_dev *d, struct virtio_buf out,
                 const struct virtio_buf *in, unsigned nin)
{
    struct virtq *q = d->q;
    uint64_t in_cap = 0;
    if (d->broken || nin == 0 || nin > VIRTIO_MAX_IN)
        return -EIO;
    /* One request at a time (the big lock): descriptors from 0 on. */
    q->desc[0] = (struct vq_desc){out.pa, out.len, D_NEXT, 1};
    for (unsigned i = 0; i < nin; i++) {
        uint16_t more = i + 1 < nin ? D_NEXT : 0;
        q->desc[1 + i] = (struct vq_desc){in[i].pa, in[i].len,
                                          (uint16_t)(D_WRITE | more),
                                          (uint16_t)(2 + i)};
        in_cap += in[i].len;
    }
    q->avail_ring[d->next_avail % d->qsize] = 0;
    d->next_avail++;
    __atomic_store_n(&q->avail_idx, d->next_avail, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    d->regs[R_QUEUE_NOTIFY] = 0;
    uint64_t deadline = 0;
    while (__atomic_load_n(&q->used_idx, __ATOMIC_ACQUIRE) == d->last_used) {
        uint64_t now = time_monotonic_ns();
        if (!deadline)
            deadline = now + TIMEOUT_NS;
        else if (now > deadline) {
            klog("virtio: device at %p does not answer\n", (void *)d->regs);
            d->broken = true;
            return -EIO;
        }
        hal_pause();
    }
    uint32_t len = q->used_ring[d->last_used % d->qsize].len;
    d->last_used++;
    /* No interrupt is taken (the line stays masked), so InterruptStatus
     * is left as it is: each register access is an exit to the VMM. */
    return len > in_cap ? -EIO : (long)len;
}
