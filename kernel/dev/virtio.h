/* SPDX-License-Identifier: MIT */
/*
 * virtio over virtio-mmio (version 2 registers, one split virtqueue),
 * the one guest driver for the devices both VMMs offer (include/abi.h).
 * A request is a buffer the device reads and buffers it writes, sent
 * on one of two lanes, each with its own descriptors, so that one
 * request of each may be in flight at once:
 *  - VIRTIO_POLL: the caller polls for the answer holding the big lock,
 *    for callers that hold pointers the kernel could free meanwhile
 *    (lookups, page faults); one at a time, since nothing else runs in
 *    the kernel while it waits;
 *  - VIRTIO_SLEEP: the caller sleeps until the device's interrupt says
 *    it is done, and other tasks run meanwhile; its callers take turns
 *    (p9_io_begin).
 * The monitor has served a request before the notify returns, so
 * neither lane waits there; QEMU answers from its own threads.
 */
#ifndef UK_DEV_VIRTIO_H
#define UK_DEV_VIRTIO_H

#include "kernel/wait.h"
#include <stdbool.h>
#include <stdint.h>

struct virtq;

enum { VIRTIO_POLL, VIRTIO_SLEEP };

struct virtio_lane {
    bool done;    /* the device has answered the lane's request */
    uint32_t len; /* the bytes it wrote */
    struct wait_queue wq;
};

struct virtio_dev {
    volatile uint32_t *regs;
    struct virtq *q;
    uint16_t next_avail, last_used;
    bool broken; /* a request timed out: the device is given up */
    struct virtio_lane lane[2];
};

/* Find the device of type device_id in virtio-mmio slot `slot`, reset
 * it, accept VIRTIO_F_VERSION_1 plus the wanted low feature bits it
 * offers, and set up queue 0.  0, -ENODEV (no such device there), -EIO
 * (it refused) or -ENOMEM. */
int virtio_open(struct virtio_dev *d, unsigned slot, uint32_t device_id,
                uint32_t wanted);
/* Byte i of the device's configuration space. */
uint8_t virtio_config8(struct virtio_dev *d, unsigned i);
/* A physically contiguous buffer (guest-physical address). */
struct virtio_buf {
    uint64_t pa;
    uint32_t len;
};
#define VIRTIO_MAX_IN 40 /* buffers a request may receive into */
/* Send out and receive into in[0, nin), in that order, on lane
 * VIRTIO_POLL or VIRTIO_SLEEP: the bytes the device wrote, or -EIO when
 * it does not answer within 10 s (and then for ever). */
long virtio_call(struct virtio_dev *d, unsigned lane, struct virtio_buf out,
                 const struct virtio_buf *in, unsigned nin);

#endif
