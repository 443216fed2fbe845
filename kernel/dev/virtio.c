/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio, version 2 (virtio 1.1, 4.2.2), with one split virtqueue
 * (2.6) of 128 entries in one page: descriptors at 0, the driver ring at
 * 2 KiB, the device ring at 2.5 KiB.  Lane l's request takes the
 * descriptors from l * LANE_DESCS on, so its chain's head names it in
 * the device ring.
 */
#include "kernel/dev/virtio.h"
#include "abi.h"
#include "hal/hal.h"
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
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
#define QSIZE 128u
#define LANE_DESCS (QSIZE / 2)
#define D_NEXT 1u
#define D_WRITE 2u
#define TIMEOUT_NS 10000000000ULL
#define NO_INTERRUPT 1u /* the driver ring's flag: no interrupt wanted */

struct vq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct virtq {
    struct vq_desc desc[QSIZE];
    uint16_t avail_flags, avail_idx, avail_ring[QSIZE];
    uint8_t pad[512 - 4 - 2 * QSIZE];
    uint16_t used_flags, used_idx;
    struct {
        uint32_t id, len;
    } used_ring[QSIZE];
};
_Static_assert(sizeof(struct virtq) <= 4096, "the queue is one page");

static struct virtio_dev *devs[UK_MAX_MOUNTS]; /* for the interrupt */

/* Take the device's answers: each marks its lane done.  Whether a
 * sleeper woke. */
static bool reap(struct virtio_dev *d)
{
    bool woke = false;
    struct virtq *q = d->q;
    uint16_t used = __atomic_load_n(&q->used_idx, __ATOMIC_ACQUIRE);
    while (d->last_used != used) {
        uint32_t id = q->used_ring[d->last_used % QSIZE].id;
        uint32_t len = q->used_ring[d->last_used % QSIZE].len;
        d->last_used++;
        if (id != 0 && id != LANE_DESCS)
            continue; /* no chain of ours starts there */
        struct virtio_lane *l = &d->lane[id / LANE_DESCS];
        l->done = true;
        l->len = len;
        woke |= wait_wake(&l->wq, -1) > 0;
    }
    return woke;
}

/* The I/O APIC line of a device has risen: acknowledge, then take its
 * answers (an answer after the acknowledgement raises the line again).
 * A task woken here runs next, not after the running task's time slice,
 * as Linux's wakeup preemption favours a task back from I/O. */
static void virtio_irq(void)
{
    for (unsigned i = 0; i < UK_MAX_MOUNTS; i++) {
        struct virtio_dev *d = devs[i];
        if (!d)
            continue;
        uint32_t st = d->regs[R_INT_STATUS];
        if (st)
            d->regs[R_INT_ACK] = st;
        if (reap(d))
            sched_need_resched();
    }
}

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
    if (r[R_QUEUE_NUM_MAX] < QSIZE || r[R_QUEUE_READY] || slot >= UK_MAX_MOUNTS)
        return -EIO;
    uint64_t pa = frame_alloc();
    if (!pa)
        return -ENOMEM;
    d->q = phys_to_virt(pa);
    d->q->avail_flags = NO_INTERRUPT; /* until a request sleeps */
    d->next_avail = d->last_used = 0;
    d->broken = false;
    r[R_QUEUE_NUM] = QSIZE;
    set_addr(d, R_DESC_LO, pa);
    set_addr(d, R_DRIVER_LO, pa + offsetof(struct virtq, avail_flags));
    set_addr(d, R_DEVICE_LO, pa + offsetof(struct virtq, used_flags));
    r[R_QUEUE_READY] = 1;
    r[R_STATUS] = S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK;
    devs[slot] = d;
    hal_irq_handler(HAL_VEC_VIRTIO, virtio_irq);
    hal_irq_route(UK_VIRTIO_IRQ + (int)slot, HAL_VEC_VIRTIO);
    return 0;
}

uint8_t virtio_config8(struct virtio_dev *d, unsigned i)
{
    return ((volatile uint8_t *)(d->regs + R_CONFIG))[i];
}

/* Poll for lane l's answer, holding the big lock. */
static bool poll_done(struct virtio_dev *d, struct virtio_lane *l)
{
    uint64_t deadline = 0;
    for (reap(d); !l->done; reap(d)) {
        uint64_t now = time_monotonic_ns();
        if (!deadline)
            deadline = now + TIMEOUT_NS;
        else if (now > deadline)
            return false;
        hal_pause();
    }
    return true;
}

/* Sleep until lane l's answer: the interrupt wakes us (virtio_irq). */
static bool sleep_done(struct virtio_dev *d, struct virtio_lane *l)
{
    uint64_t deadline = time_monotonic_ns() + TIMEOUT_NS;
    reap(d);
    if (!l->done) { /* the line may be high already: then no edge comes */
        uint32_t st = d->regs[R_INT_STATUS];
        if (st)
            d->regs[R_INT_ACK] = st;
        reap(d);
    }
    int err = 0;
    while (!l->done && err != -ETIMEDOUT)
        if ((err = wait_sleep(&l->wq, deadline, 0)) == -ETIMEDOUT)
            reap(d);
    d->q->avail_flags = NO_INTERRUPT;
    return l->done;
}

long virtio_call(struct virtio_dev *d, unsigned lane, struct virtio_buf out,
                 const struct virtio_buf *in, unsigned nin)
{
    struct virtq *q = d->q;
    struct virtio_lane *l = &d->lane[lane & 1];
    uint16_t head = (uint16_t)((lane & 1) * LANE_DESCS);
    uint64_t in_cap = 0;
    if (d->broken || nin == 0 || nin > VIRTIO_MAX_IN)
        return -EIO;
    q->desc[head] = (struct vq_desc){out.pa, out.len, D_NEXT,
                                     (uint16_t)(head + 1)};
    for (unsigned i = 0; i < nin; i++) {
        uint16_t more = i + 1 < nin ? D_NEXT : 0;
        q->desc[head + 1 + i] = (struct vq_desc){
            in[i].pa, in[i].len, (uint16_t)(D_WRITE | more),
            (uint16_t)(head + 2 + i)};
        in_cap += in[i].len;
    }
    l->done = false;
    if (lane == VIRTIO_SLEEP)
        q->avail_flags = 0;
    q->avail_ring[d->next_avail % QSIZE] = head;
    d->next_avail++;
    __atomic_store_n(&q->avail_idx, d->next_avail, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    d->regs[R_QUEUE_NOTIFY] = 0;
    if (!(lane == VIRTIO_SLEEP ? sleep_done(d, l) : poll_done(d, l))) {
        klog("virtio: device at %p does not answer\n", (void *)d->regs);
        d->broken = true;
        return -EIO;
    }
    return l->len > in_cap ? -EIO : (long)l->len;
}
