/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio (version 2, virtio 1.1 section 4.2.2) transports for the -v
 * mounts: one register file per slot at UK_VIRTIO_BASE + i *
 * UK_VIRTIO_STRIDE, each a virtio 9p device (ID 9) with one split
 * virtqueue, served by p9.c.  A write to QueueNotify serves every
 * available chain before the guest resumes.  Every ring, descriptor and
 * buffer is reached through monitor_gpa(); a guest that breaks the rules
 * ends the VM with one line.
 */
#define _GNU_SOURCE
#define MONITOR_INTERNAL
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "monitor.h"
#include "p9.h"

#define VIRTIO_MAGIC 0x74726976u /* "virt" */
#define VIRTIO_VENDOR 0x554b4d4fu
#define VIRTIO_ID_9P 9
#define QUEUE_MAX 128u
#define F_MOUNT_TAG 1ULL
#define F_VERSION_1 (1ULL << 32)
#define S_FEATURES_OK 8u
#define D_NEXT 1u
#define D_WRITE 2u
#define D_INDIRECT 4u

enum {
    R_MAGIC = 0x000,
    R_VERSION = 0x004,
    R_DEVICE_ID = 0x008,
    R_VENDOR = 0x00c,
    R_DEV_FEATURES = 0x010,
    R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020,
    R_DRV_FEATURES_SEL = 0x024,
    R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038,
    R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050,
    R_INT_STATUS = 0x060,
    R_INT_ACK = 0x064,
    R_STATUS = 0x070,
    R_DESC_LO = 0x080,
    R_DESC_HI = 0x084,
    R_DRIVER_LO = 0x090,
    R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0a0,
    R_DEVICE_HI = 0x0a4,
    R_CONFIG_GEN = 0x0fc,
    R_CONFIG = 0x100,
};

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

struct virtio_9p {
    pthread_mutex_t lock; /* two vCPUs may notify at once */
    struct p9_server *srv;
    uint32_t status, dev_sel, drv_sel, queue_sel, isr;
    uint64_t drv_features;
    struct {
        uint32_t num, ready;
        uint64_t desc, avail, used;
        uint16_t last_avail, used_idx;
    } q;
    uint8_t config[8];  /* le16 tag length, then the tag */
    uint8_t *req, *rep; /* P9_MAX_MSIZE each */
    struct {
        uint8_t *p;
        uint32_t len;
    } seg[QUEUE_MAX]; /* the writable buffers of the chain being served */
};

static int fail(const char *what)
{
    fprintf(stderr, "uk: virtio 9p: %s\n", what);
    return -1;
}

static void reset(struct virtio_9p *d)
{
    d->status = d->dev_sel = d->drv_sel = d->queue_sel = d->isr = 0;
    d->drv_features = 0;
    memset(&d->q, 0, sizeof(d->q));
    p9_server_reset(d->srv);
}

/* Serve the chain at head: gather its readable buffers as the T-message,
 * scatter the R-message over its writable ones.  Bytes written, or -1. */
static int64_t serve_chain(struct virtio_9p *d, const struct monitor_vm *vm,
                           const struct vring_desc *table, uint16_t head)
{
    size_t rlen = 0, wcap = 0, nseg = 0;
    uint32_t i = head;
    for (unsigned count = 0;; count++) {
        struct vring_desc dsc;
        if (i >= d->q.num)
            return fail("descriptor index out of range");
        if (count >= d->q.num)
            return fail("descriptor chain loops");
        memcpy(&dsc, &table[i], sizeof(dsc)); /* read once */
        if (dsc.flags & D_INDIRECT)
            return fail("indirect descriptor (not negotiated)");
        uint8_t *p = monitor_gpa(vm, dsc.addr, dsc.len);
        if (!p)
            return fail("buffer outside guest memory");
        if (dsc.flags & D_WRITE) {
            d->seg[nseg].p = p;
            d->seg[nseg++].len = dsc.len;
            wcap += dsc.len;
        } else {
            size_t n = P9_MAX_MSIZE - rlen;
            n = dsc.len < n ? dsc.len : n;
            memcpy(d->req + rlen, p, n);
            rlen += n;
        }
        if (!(dsc.flags & D_NEXT))
            break;
        i = dsc.next;
    }
    size_t n = p9_serve(d->srv, d->req, rlen, d->rep,
                        wcap < P9_MAX_MSIZE ? wcap : P9_MAX_MSIZE);
    for (size_t k = 0, done = 0; k < nseg && done < n; k++) {
        size_t m = n - done < d->seg[k].len ? n - done : d->seg[k].len;
        memcpy(d->seg[k].p, d->rep + done, m);
        done += m;
    }
    return (int64_t)n;
}

/* QueueNotify: serve every available chain, then publish them used. */
static int serve_queue(struct virtio_9p *d, const struct monitor_vm *vm)
{
    uint64_t num = d->q.num;
    if (!d->q.ready)
        return 0;
    if (num == 0 || num > QUEUE_MAX)
        return fail("bad queue size");
    if (d->q.desc % 16 || d->q.avail % 2 || d->q.used % 4)
        return fail("misaligned queue");
    const struct vring_desc *desc = monitor_gpa(vm, d->q.desc, 16 * num);
    uint16_t *avail = monitor_gpa(vm, d->q.avail, 6 + 2 * num);
    uint8_t *used = monitor_gpa(vm, d->q.used, 6 + 8 * num);
    if (!desc || !avail || !used)
        return fail("queue outside guest memory");
    uint16_t aidx = __atomic_load_n(&avail[1], __ATOMIC_ACQUIRE);
    if ((uint16_t)(aidx - d->q.last_avail) > num)
        return fail("available index runs ahead of the ring");
    while (d->q.last_avail != aidx) {
        uint16_t head = __atomic_load_n(&avail[2 + d->q.last_avail % num],
                                        __ATOMIC_RELAXED);
        int64_t n = serve_chain(d, vm, desc, head);
        if (n < 0)
            return -1;
        uint32_t elem[2] = {head, (uint32_t)n};
        memcpy(used + 4 + 8 * (d->q.used_idx % num), elem, sizeof(elem));
        d->q.used_idx++;
        d->q.last_avail++;
        __atomic_store_n((uint16_t *)(used + 2), d->q.used_idx,
                         __ATOMIC_RELEASE);
        d->isr |= 1;
    }
    return 0;
}

static uint32_t reg_read(const struct virtio_9p *d, uint64_t off)
{
    uint64_t feat = F_MOUNT_TAG | F_VERSION_1;
    switch (off) {
    case R_MAGIC:
        return VIRTIO_MAGIC;
    case R_VERSION:
        return 2;
    case R_DEVICE_ID:
        return d ? VIRTIO_ID_9P : 0; /* 0: an empty slot */
    }
    if (!d)
        return 0;
    switch (off) {
    case R_VENDOR:
        return VIRTIO_VENDOR;
    case R_DEV_FEATURES:
        return d->dev_sel < 2 ? (uint32_t)(feat >> (32 * d->dev_sel)) : 0;
    case R_QUEUE_NUM_MAX:
        return d->queue_sel == 0 ? QUEUE_MAX : 0;
    case R_QUEUE_READY:
        return d->queue_sel == 0 ? d->q.ready : 0;
    case R_INT_STATUS:
        return d->isr;
    case R_STATUS:
        return d->status;
    default: /* write-only registers, R_CONFIG_GEN */
        return 0;
    }
}

static void set_status(struct virtio_9p *d, uint32_t v)
{
    uint64_t offered = F_MOUNT_TAG | F_VERSION_1;
    if (v == 0) {
        reset(d);
        return;
    }
    if ((v & S_FEATURES_OK) &&
        ((d->drv_features & ~offered) || !(d->drv_features & F_VERSION_1)))
        v &= ~S_FEATURES_OK; /* features the device cannot accept */
    d->status = v;
}

/* The queue registers of queue 0 (writes to other queues are ignored). */
static void set_queue(struct virtio_9p *d, uint64_t off, uint32_t v)
{
    uint64_t *addr[] = {&d->q.desc, &d->q.avail, &d->q.used};
    if (d->queue_sel != 0)
        return;
    if (off == R_QUEUE_NUM) {
        d->q.num = v;
    } else if (off == R_QUEUE_READY) {
        if ((v & 1) && !d->q.ready)
            d->q.last_avail = d->q.used_idx = 0;
        d->q.ready = v & 1;
    } else if (off >= R_DESC_LO && off <= R_DEVICE_HI && off % 16 < 8) {
        uint64_t *a = addr[(off - R_DESC_LO) / 16];
        unsigned shift = off % 16 ? 32 : 0;
        *a = (*a & ~(0xffffffffULL << shift)) | (uint64_t)v << shift;
    }
}

static int reg_write(struct virtio_9p *d, const struct monitor_vm *vm,
                     uint64_t off, uint32_t v)
{
    switch (off) {
    case R_DEV_FEATURES_SEL:
        d->dev_sel = v;
        break;
    case R_DRV_FEATURES:
        if (d->drv_sel < 2) {
            unsigned shift = 32 * d->drv_sel;
            d->drv_features &= ~(0xffffffffULL << shift);
            d->drv_features |= (uint64_t)v << shift;
        }
        break;
    case R_DRV_FEATURES_SEL:
        d->drv_sel = v;
        break;
    case R_QUEUE_SEL:
        d->queue_sel = v;
        break;
    case R_QUEUE_NOTIFY:
        return v == 0 ? serve_queue(d, vm) : 0;
    case R_INT_ACK:
        d->isr &= ~v;
        break;
    case R_STATUS:
        set_status(d, v);
        break;
    default:
        set_queue(d, off, v);
    }
    return 0;
}

int virtio_mmio_access(struct monitor_vm *vm, uint64_t gpa, uint8_t *data,
                       uint32_t len, int is_write)
{
    const uint64_t size = UK_MAX_MOUNTS * UK_VIRTIO_STRIDE;
    if (gpa < UK_VIRTIO_BASE || gpa - UK_VIRTIO_BASE >= size)
        return 1;
    struct virtio_9p *d = vm->virtio[(gpa - UK_VIRTIO_BASE) / UK_VIRTIO_STRIDE];
    uint64_t off = (gpa - UK_VIRTIO_BASE) % UK_VIRTIO_STRIDE;
    uint32_t v = 0;
    int r = 0;

    if (len > 8)
        return 0; /* KVM never gives more; ignore */
    if (!is_write)
        memset(data, 0, len);
    if (off >= R_CONFIG) { /* config space: any width, read-only */
        for (uint32_t i = 0; d && !is_write && i < len; i++)
            if (off - R_CONFIG + i < sizeof(d->config))
                data[i] = d->config[off - R_CONFIG + i];
        return 0;
    }
    if (len != 4 || off % 4)
        return 0; /* registers are 32-bit and aligned only */
    if (!d) {
        if (!is_write)
            v = reg_read(NULL, off);
    } else {
        pthread_mutex_lock(&d->lock);
        if (is_write) {
            memcpy(&v, data, 4);
            r = reg_write(d, vm, off, v);
        } else {
            v = reg_read(d, off);
        }
        pthread_mutex_unlock(&d->lock);
    }
    if (!is_write)
        memcpy(data, &v, 4);
    return r;
}

/* Create the device of mount index on host directory `host`: 0 or -errno
 * (nothing printed). */
static int create(struct virtio_9p **out, unsigned index, const char *host,
                  int readonly)
{
    struct virtio_9p *d = calloc(1, sizeof(*d));
    int r = -ENOMEM;
    if (!d)
        return r;
    d->req = malloc(P9_MAX_MSIZE);
    d->rep = malloc(P9_MAX_MSIZE);
    if (d->req && d->rep)
        r = p9_server_open(&d->srv, host, readonly);
    if (r < 0) {
        free(d->req);
        free(d->rep);
        free(d);
        return r;
    }
    int n =
        snprintf((char *)d->config + 2, sizeof(d->config) - 2, "uk%u", index);
    d->config[0] = (uint8_t)n;
    pthread_mutex_init(&d->lock, NULL);
    *out = d;
    return 0;
}

static void destroy(struct virtio_9p *d)
{
    p9_server_close(d->srv);
    pthread_mutex_destroy(&d->lock);
    free(d->req);
    free(d->rep);
    free(d);
}

int virtio_mmio_setup(struct monitor_vm *vm, const struct monitor_config *cfg)
{
    unsigned n = cfg->nmounts < UK_MAX_MOUNTS ? cfg->nmounts : UK_MAX_MOUNTS;
    struct rlimit rl;
    for (unsigned i = 0; i < n; i++) {
        const char *host = cfg->mounts[i].host;
        int r = host ? create(&vm->virtio[i], i, host, cfg->mounts[i].readonly)
                     : -EINVAL;
        if (r < 0) {
            fprintf(stderr, "uk: -v %s: %s\n", host ? host : "(null)",
                    strerror(-r));
            virtio_mmio_teardown(vm);
            return r;
        }
    }
    /* Room for every mount's open files besides the monitor's own. */
    if (n && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
        rl.rlim_cur < 256 + n * P9_MAX_OPEN) {
        rl.rlim_cur = 256 + n * P9_MAX_OPEN;
        if (rl.rlim_cur > rl.rlim_max)
            rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    return 0;
}

void virtio_mmio_teardown(struct monitor_vm *vm)
{
    for (unsigned i = 0; i < UK_MAX_MOUNTS; i++) {
        if (vm->virtio[i])
            destroy(vm->virtio[i]);
        vm->virtio[i] = NULL;
    }
}
