/* SPDX-License-Identifier: MIT */
/*
 * The hypercalls of include/abi.h.  Each handler works on a host copy of
 * the argument struct, which hc_handle copies in from and back out to
 * guest RAM after checking that all of it lies inside.  Guest buffers are
 * reached only through monitor_gpa.
 */
#define MONITOR_INTERNAL
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
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
    struct uk_hc_events events;
    struct uk_hc_cpu cpu;
    struct uk_hc_stop stop;
    struct uk_hc_termios termios;
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
        if (n < 0 && (errno == EINTR || errno == EAGAIN) && vm->stopping)
            break;
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

/* Whether stdin has input (or is at its end) now, without waiting. */
static int stdin_ready(void)
{
    struct pollfd pfd = {.fd = 0, .events = POLLIN};
    return poll(&pfd, 1, 0) != 0;
}

/* Never blocks: -EAGAIN, and the control loop watches stdin. */
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
    if (!stdin_ready()) {
        io->ret = -EAGAIN;
        monitor_watch_stdin(vm);
        return 0;
    }
    ssize_t n;
    do
        n = read(0, p, io->len > IO_CHUNK ? IO_CHUNK : io->len);
    while (n < 0 && errno == EINTR && !vm->stopping);
    io->ret = n < 0 ? -errno : n;
    if (io->ret == -EAGAIN) /* O_NONBLOCK stdin, taken by someone else */
        monitor_watch_stdin(vm);
    return 0;
}

static int hc_stop(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    (void)vm, (void)status;
    if (a->stop.sig >= SIGSTOP && a->stop.sig <= SIGTTOU) /* 19 .. 22 */
        monitor_stop_self((int)a->stop.sig);
    return 0;
}

static int hc_termios(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    (void)vm, (void)status;
    monitor_set_termios(&a->termios);
    return 0;
}

static int hc_exit(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    (void)vm;
    *status = (int)(a->exit.status & 0xff);
    return 1;
}

/* Never blocks: when stdin is not readable, the control loop watches it
 * and raises UK_IRQ_HOST once it is. */
static int hc_poll(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    struct uk_hc_poll *pl = &a->poll;
    int avail = 0;
    (void)status;

    pl->ret = stdin_ready();
    if (pl->ret && ioctl(0, FIONREAD, &avail) < 0)
        avail = 0;
    pl->avail = avail > 0 ? (uint64_t)avail : 0;
    if (!pl->ret)
        monitor_watch_stdin(vm);
    return 0;
}

/* The events behind the last UK_IRQ_HOST; taking them acknowledges them. */
static int hc_events(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    (void)status;
    pthread_mutex_lock(&vm->lock);
    a->events.signals = vm->ev_signals;
    a->events.stdin = (uint64_t)vm->ev_stdin;
    a->events.rows = vm->ev_rows;
    a->events.cols = vm->ev_cols;
    vm->ev_signals = 0;
    vm->ev_stdin = 0;
    pthread_mutex_unlock(&vm->lock);
    return 0;
}

/* Start another vCPU, each once, up to --smp. */
static int hc_cpu_start(struct monitor_vm *vm, union hc_arg *a, int *status)
{
    struct uk_hc_cpu *c = &a->cpu;
    (void)status;
    pthread_mutex_lock(&vm->lock);
    int ok = c->cpu > 0 && c->cpu < vm->ncpus && !vm->vcpu[c->cpu].vm;
    if (ok)
        vm->vcpu[c->cpu].vm = vm; /* taken */
    pthread_mutex_unlock(&vm->lock);
    if (!ok) {
        c->ret = -EINVAL;
        return 0;
    }
    int r = monitor_vcpu_create(vm, c->cpu);
    if (!r)
        r = monitor_cpu_setup_ap(vm, c->cpu, c->rip, c->rsp, c->cr3, c->arg);
    if (!r)
        r = monitor_vcpu_start(&vm->vcpu[c->cpu]);
    c->ret = r;
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
    [UK_HC_EVENTS] = {"events", sizeof(struct uk_hc_events), hc_events},
    [UK_HC_CPU_START] = {"cpu_start", sizeof(struct uk_hc_cpu), hc_cpu_start},
    [UK_HC_STOP] = {"stop", sizeof(struct uk_hc_stop), hc_stop},
    [UK_HC_TERMIOS] = {"termios", sizeof(struct uk_hc_termios), hc_termios},
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
