/* SPDX-License-Identifier: MIT */
/*
 * The hypercalls of include/abi.h.  Each handler works on a host copy of
 * the argument struct, which hc_handle copies in from and back out to
 * guest RAM after checking that all of it lies inside.  Guest buffers are
 * reached only through monitor_gpa.
 */
#define MONITOR_INTERNAL
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "monitor.h"

#define IO_CHUNK (1U << 30) /* largest single read() or write() */

union hc_arg {
    struct uk_hc_io io;
    struct uk_hc_exit exit;
    struct uk_hc_poll poll;
};

static int bad_gpa(const char *hc, uint64_t gpa, uint64_t len)
{
    fprintf(stderr,
            "uk: hypercall %s: guest address 0x%llx + %llu bytes "
            "is outside guest memory\n",
            hc, (unsigned long long)gpa, (unsigned long long)len);
    return -EFAULT;
}

/* Block until fd is ready for events (used when it is O_NONBLOCK). */
static void wait_fd(int fd, short events)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    poll(&pfd, 1, -1);
}

static int hc_write(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    struct uk_hc_io *io = &a->io;
    uint64_t done = 0;
    (void)status;

    int fd = io->fd == 1 || io->fd == 2             ? (int)io->fd
             : io->fd == UK_REPORT_FD && vm->report_fd > 0 ? vm->report_fd
                                                            : -1;
    if (fd < 0) {
        io->ret = -EBADF;
        return 0;
    }
    const uint8_t *p = monitor_gpa(vm, io->buf, io->len);
    if (!p)
        return bad_gpa("write", io->buf, io->len);
    while (done < io->len) {
        uint64_t left = io->len - done;
        ssize_t n =
            write(fd, p + done, left > IO_CHUNK ? IO_CHUNK : left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            wait_fd(fd, POLLOUT);
            continue;
        }
        if (n <= 0) {
            if (done == 0) {
                io->ret = n < 0 ? -errno : -EIO;
                return 0;
            }
            break;
        }
        done += n;
    }
    io->ret = (int64_t)done;
    return 0;
}

static int hc_read(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    struct uk_hc_io *io = &a->io;
    (void)status;

    if (io->fd != 0) {
        io->ret = -EBADF;
        return 0;
    }
    uint8_t *p = monitor_gpa(vm, io->buf, io->len);
    if (!p)
        return bad_gpa("read", io->buf, io->len);
    for (;;) {
        ssize_t n = read(0, p, io->len > IO_CHUNK ? IO_CHUNK : io->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            wait_fd(0, POLLIN);
            continue;
        }
        io->ret = n < 0 ? -errno : n;
        return 0;
    }
}

static int hc_exit(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    (void)vm;
    *status = (int)(a->exit.status & 0xff);
    return 1;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int hc_poll(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    struct uk_hc_poll *pl = &a->poll;
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    int64_t timeout = pl->timeout_ns, deadline = 0;
    int n;
    (void)vm;
    (void)status;

    if (timeout > INT64_MAX / 2) /* centuries: the same as forever */
        timeout = -1;
    if (timeout > 0)
        deadline = now_ns() + timeout;
    for (;;) {
        struct timespec ts = {0, 0}, *tsp = NULL;
        if (timeout >= 0) {
            int64_t left = timeout > 0 ? deadline - now_ns() : 0;
            if (left < 0)
                left = 0;
            ts.tv_sec = left / 1000000000;
            ts.tv_nsec = left % 1000000000;
            tsp = &ts;
        }
        n = ppoll(&pfd, 1, tsp, NULL);
        if (n >= 0 || errno != EINTR)
            break;
    }
    if (n < 0) {
        pl->ret = -errno;
        pl->avail = 0;
        return 0;
    }
    int avail = 0;
    if (n > 0 && (pfd.revents & POLLIN) && ioctl(0, FIONREAD, &avail) < 0)
        avail = 0;
    pl->avail = avail > 0 ? (uint64_t)avail : 0;
    pl->ret = n > 0; /* readable, hung up, error or closed: all "ready" */
    return 0;
}

static const struct {
    const char *name;
    size_t size;
    int (*fn)(struct monitor_vm *vm, union hc_arg *a, int *status);
} hc_table[UK_HC_MAX] = {
    [UK_HC_WRITE] = {"write", sizeof(struct uk_hc_io), hc_write},
    [UK_HC_READ] = {"read", sizeof(struct uk_hc_io), hc_read},
    [UK_HC_EXIT] = {"exit", sizeof(struct uk_hc_exit), hc_exit},
    [UK_HC_POLL] = {"poll", sizeof(struct uk_hc_poll), hc_poll},
};

int hc_handle(struct monitor_vm *vm, uint16_t port, uint32_t arg, int *status)
{
    unsigned nr = (unsigned)port - UK_HC_PORT;
    union hc_arg a;

    if (port <= UK_HC_PORT || nr >= UK_HC_MAX || !hc_table[nr].fn) {
        fprintf(stderr, "uk: guest wrote to unknown I/O port 0x%x\n", port);
        return -EINVAL;
    }
    void *p = monitor_gpa(vm, arg, hc_table[nr].size);
    if (!p)
        return bad_gpa(hc_table[nr].name, arg, hc_table[nr].size);
    memcpy(&a, p, hc_table[nr].size);
    int r = hc_table[nr].fn(vm, &a, status);
    if (r == 0)
        memcpy(p, &a, hc_table[nr].size);
    return r;
}
