/* SPDX-License-Identifier: MIT */
/*
 * Tests of the virtio-mmio transport (tools/monitor/virtio_mmio.c) on a
 * fake VM: guest RAM is a host buffer, no KVM.  Registers, a request
 * through the split virtqueue, and the chains a misbehaving guest can
 * build (loops, buffers outside RAM), each of which must end the VM with
 * one line.
 */
#define _GNU_SOURCE
#define MONITOR_INTERNAL
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/test_p9.h"
#include "tools/monitor/monitor.h"

#define MEM (1u << 20)
#define DESC 0x1000
#define AVAIL 0x2000
#define USED 0x3000
#define REQ 0x10000
#define REPLY 0x20000
#define QN 8

static struct monitor_vm vm;

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static uint64_t reg(unsigned slot, uint64_t off)
{
    return UK_VIRTIO_BASE + slot * UK_VIRTIO_STRIDE + off;
}
static uint32_t rd32(unsigned slot, uint64_t off)
{
    uint8_t d[8] = {0xaa, 0xaa, 0xaa, 0xaa};
    uint32_t v;
    CHECK(virtio_mmio_access(&vm, reg(slot, off), d, 4, 0) == 0);
    memcpy(&v, d, 4);
    return v;
}
static int wr32(uint64_t off, uint32_t v)
{
    uint8_t d[8];
    memcpy(d, &v, 4);
    return virtio_mmio_access(&vm, reg(0, off), d, 4, 1);
}

static void setup_queue(void)
{
    memset(vm.mem, 0, MEM);
    wr32(0x70, 0);
    wr32(0x70, 3);
    wr32(0x24, 1), wr32(0x20, 1); /* VERSION_1 */
    wr32(0x24, 0), wr32(0x20, 1); /* MOUNT_TAG */
    wr32(0x70, 11);
    CHECK(rd32(0, 0x70) == 11);
    wr32(0x30, 0), wr32(0x38, QN);
    wr32(0x80, DESC), wr32(0x84, 0), wr32(0x90, AVAIL), wr32(0x94, 0);
    wr32(0xa0, USED), wr32(0xa4, 0), wr32(0x44, 1), wr32(0x70, 15);
    CHECK(rd32(0, 0x44) == 1);
}

static void set_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    struct desc d = {addr, len, flags, next};
    memcpy(vm.mem + DESC + 16 * i, &d, sizeof(d));
}

/* Put head in the avail ring (entry idx) and make idx + 1 available. */
static void offer(uint16_t idx, uint16_t head)
{
    uint16_t next = idx + 1;
    memcpy(vm.mem + AVAIL + 4 + 2 * (idx % QN), &head, 2);
    memcpy(vm.mem + AVAIL + 2, &next, 2);
}

static void put_version(void)
{
    static const uint8_t tv[] = {21,  0,    0,   0,   100, 0xff, 0xff,
                                 0,   0x20, 0,   0,   8,   0,    '9',
                                 'P', '2',  '0', '0', '0', '.',  'L'};
    memcpy(vm.mem + REQ, tv, sizeof(tv));
}

/* A notify that must fail with exactly the line "uk: virtio 9p: what". */
static void expect_fail(const char *what)
{
    char want[128], got[256] = "";
    FILE *f = tmpfile();
    int saved = dup(2);
    fflush(stderr);
    dup2(fileno(f), 2);
    int r = wr32(0x50, 0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(f);
    size_t n = fread(got, 1, sizeof(got) - 1, f);
    got[n] = 0;
    fclose(f);
    snprintf(want, sizeof(want), "uk: virtio 9p: %s\n", what);
    CHECK(r == -1);
    if (strcmp(got, want))
        fprintf(stderr, "  got \"%s\", want \"%s\"\n", got, want);
    CHECK(!strcmp(got, want));
    setup_queue();
}

static void test_registers(void)
{
    uint8_t d[8];
    CHECK(rd32(0, 0) == 0x74726976 && rd32(0, 4) == 2 && rd32(0, 8) == 9);
    CHECK(rd32(1, 0) == 0x74726976 && rd32(1, 4) == 2 && rd32(1, 8) == 0);
    CHECK(rd32(7, 8) == 0 && rd32(7, 0x34) == 0);
    wr32(0x14, 0);
    CHECK(rd32(0, 0x10) == 1);
    wr32(0x14, 1);
    CHECK(rd32(0, 0x10) == 1);
    wr32(0x14, 2);
    CHECK(rd32(0, 0x10) == 0);
    for (unsigned i = 0; i < 6; i++) {
        CHECK(virtio_mmio_access(&vm, reg(0, 0x100 + i), d, 1, 0) == 0);
        CHECK(d[0] == (uint8_t) "\3\0uk0"[i]);
    }
    CHECK(virtio_mmio_access(&vm, reg(0, 0x100), d, 2, 0) == 0 && d[0] == 3);
    CHECK(rd32(0, 0x34) == 128);
    wr32(0x30, 1);
    CHECK(rd32(0, 0x34) == 0 && rd32(0, 0x44) == 0);
    wr32(0x30, 0);
    memset(d, 0xaa, sizeof(d));
    CHECK(virtio_mmio_access(&vm, reg(0, 0), d, 2, 0) == 0 && d[0] == 0);
    CHECK(virtio_mmio_access(&vm, reg(0, 2), d, 4, 0) == 0 && d[0] == 0);
    CHECK(virtio_mmio_access(&vm, reg(0, 0x70), d, 8, 1) == 0);
    CHECK(virtio_mmio_access(&vm, UK_VIRTIO_BASE - 4, d, 4, 0) == 1);
    CHECK(virtio_mmio_access(&vm, reg(UK_MAX_MOUNTS, 0), d, 4, 0) == 1);
    /* no VERSION_1: FEATURES_OK does not stick */
    wr32(0x70, 0), wr32(0x70, 3), wr32(0x24, 1), wr32(0x20, 0);
    wr32(0x70, 11);
    CHECK(rd32(0, 0x70) == 3);
}

static void test_request(void)
{
    uint16_t idx;
    uint32_t used[2];
    setup_queue();
    put_version();
    set_desc(0, REQ, 21, 1, 1);
    set_desc(1, REPLY, 4096, 2, 0);
    offer(0, 0);
    CHECK(wr32(0x50, 0) == 0);
    memcpy(&idx, vm.mem + USED + 2, 2);
    memcpy(used, vm.mem + USED + 4, 8);
    CHECK(idx == 1 && used[0] == 0 && used[1] == 21);
    CHECK(vm.mem[REPLY] == 21 && vm.mem[REPLY + 4] == 101 &&
          !memcmp(vm.mem + REPLY + 13, "9P2000.L", 8));
    CHECK(rd32(0, 0x60) == 1);
    wr32(0x64, 1);
    CHECK(rd32(0, 0x60) == 0);
    /* the reply scattered over two buffers, from descriptor 3 */
    memset(vm.mem + REPLY, 0, 64);
    set_desc(3, REQ, 21, 1, 4);
    set_desc(4, REPLY, 10, 3, 5);
    set_desc(5, REPLY + 0x100, 100, 2, 0);
    offer(1, 3);
    CHECK(wr32(0x50, 0) == 0);
    memcpy(&idx, vm.mem + USED + 2, 2);
    memcpy(used, vm.mem + USED + 12, 8);
    CHECK(idx == 2 && used[0] == 3 && used[1] == 21);
    CHECK(vm.mem[REPLY + 4] == 101 && vm.mem[REPLY + 10] == 0 &&
          !memcmp(vm.mem + REPLY + 0x100 + 3, "9P2000.L", 8));
    /* a reset forgets the queue */
    wr32(0x70, 0);
    CHECK(rd32(0, 0x44) == 0 && rd32(0, 0x70) == 0);
}

static void test_evil(void)
{
    setup_queue();
    put_version();
    set_desc(0, REQ, 21, 1, 1);
    set_desc(1, REPLY, 100, 3, 0);
    offer(0, 0);
    expect_fail("descriptor chain loops");
    set_desc(0, MEM - 4, 21, 0, 0);
    offer(0, 0);
    expect_fail("buffer outside guest memory");
    set_desc(0, 0xfffffffffffff000ULL, 0x2000, 0, 0);
    offer(0, 0);
    expect_fail("buffer outside guest memory");
    set_desc(0, REQ, 21, 1, 200);
    offer(0, 0);
    expect_fail("descriptor index out of range");
    offer(0, QN);
    expect_fail("descriptor index out of range");
    set_desc(0, REQ, 16, 4, 0);
    offer(0, 0);
    expect_fail("indirect descriptor (not negotiated)");
    offer(100, 0);
    expect_fail("available index runs ahead of the ring");
    wr32(0x80, MEM - 16);
    expect_fail("queue outside guest memory");
    wr32(0x44, 0), wr32(0x90, AVAIL + 1), wr32(0x44, 1);
    expect_fail("misaligned queue");
    wr32(0x44, 0), wr32(0x38, 1000), wr32(0x44, 1);
    expect_fail("bad queue size");
}

static void test_setup(const char *root)
{
    struct monitor_config cfg = {.nmounts = 1};
    struct monitor_vm v = {0};
    cfg.mounts[0].host = "/nonexistent/dir";
    fprintf(stderr, "(expected) ");
    CHECK(virtio_mmio_setup(&v, &cfg) == -ENOENT && !v.virtio[0]);
    cfg.mounts[0].host = "/etc/passwd";
    fprintf(stderr, "(expected) ");
    CHECK(virtio_mmio_setup(&v, &cfg) == -ENOTDIR && !v.virtio[0]);
    cfg.mounts[0].host = root;
    cfg.mounts[1].host = root;
    cfg.mounts[1].readonly = 1;
    cfg.nmounts = 2;
    CHECK(virtio_mmio_setup(&v, &cfg) == 0 && v.virtio[0] && v.virtio[1]);
    virtio_mmio_teardown(&v);
    CHECK(!v.virtio[0] && !v.virtio[1]);
}

void test_vq(const char *root)
{
    struct monitor_config cfg = {.nmounts = 1};
    cfg.mounts[0].host = root;
    vm.mem = aligned_alloc(4096, MEM);
    vm.mem_size = MEM;
    CHECK(vm.mem && virtio_mmio_setup(&vm, &cfg) == 0);
    test_registers();
    test_request();
    test_evil();
    virtio_mmio_teardown(&vm);
    free(vm.mem);
    test_setup(root);
}
