/* SPDX-License-Identifier: MIT */
/*
 * virtio over virtio-mmio (version 2 registers, one split virtqueue),
 * the one guest driver for the devices both VMMs offer (include/abi.h).
 * A request is a buffer the device reads and buffers it writes; the
 * caller waits for it by polling, holding the big lock: the monitor has served
 * it before the notify returns, QEMU within microseconds.
 */
#ifndef UK_DEV_VIRTIO_H
#define UK_DEV_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

struct virtq;

struct virtio_dev {
    volatile uint32_t *regs;
    struct virtq *q;
    uint16_t qsize, next_avail, last_used;
    bool broken; /* a request timed out: the device is given up */
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
/* Send out and receive into in[0, nin), in that order: the bytes the
 * device wrote, or -EIO when it does not answer within a few seconds
 * (and then for ever). */
long virtio_call(struct virtio_dev *d, struct virtio_buf out,
                 const struct virtio_buf *in, unsigned nin);

#endif
