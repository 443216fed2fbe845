/* SPDX-License-Identifier: MIT */
/*
 * The control loop: while the vCPU thread runs the guest, the launching
 * thread waits for the host's events and hands them to the guest through
 * UK_IRQ_HOST: stdin becoming readable (when the guest waits for it) and
 * the signals ./run receives for the program (SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH with the terminal's new size,
 * SIGTSTP and SIGCONT: Ctrl-Z reaches the guest's foreground job).  One
 * of the first four that the guest has not taken within GRACE_NS, or a
 * second one while the first is still waiting, ends the VM from here,
 * with status 128 + signal: nothing outlives ./run.
 */
#define MONITOR_INTERNAL
#define _GNU_SOURCE
#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "monitor.h"

#define GRACE_NS 2000000000LL

static const int forwarded[] = {SIGTERM, SIGINT,   SIGHUP,  SIGQUIT, SIGUSR1,
                                SIGUSR2, SIGWINCH, SIGTSTP, SIGCONT};
/* The signal that kicks a vCPU thread out of KVM_RUN. */
#define KICK (SIGRTMIN + 1)

static int terminating(int sig)
{
    return sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT;
}
static int sig_fd = -1;

static void kick(int sig)
{
    (void)sig; /* only interrupts KVM_RUN */
}

int monitor_events_init(struct monitor_vm *vm)
{
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&set, forwarded[i]);
    /* Blocked here, so in the vCPU thread too: only signalfd sees them. */
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (sig_fd < 0)
        sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
    struct sigaction sa = {.sa_handler = kick};
    sigaction(KICK, &sa, NULL);
    pthread_mutex_init(&vm->lock, NULL);
    vm->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (sig_fd < 0 || vm->wake_fd < 0) {
        int r = -errno;
        fprintf(stderr, "uk: cannot set up the monitor's event loop: %s\n",
                strerror(-r));
        return r;
    }
    return 0;
}

static void wake(struct monitor_vm *vm)
{
    uint64_t one = 1;
    if (write(vm->wake_fd, &one, sizeof(one)) < 0) {
        /* the counter is full: the loop wakes anyway */
    }
}

void monitor_watch_stdin(struct monitor_vm *vm)
{
    pthread_mutex_lock(&vm->lock);
    vm->watch_stdin = 1;
    pthread_mutex_unlock(&vm->lock);
    wake(vm);
}

/* A pulse on the host-event line: the I/O APIC takes the rising edge. */
static void raise_irq(struct monitor_vm *vm)
{
    struct kvm_irq_level l = {.irq = UK_IRQ_HOST, .level = 1};
    ioctl(vm->vm_fd, KVM_IRQ_LINE, &l);
    l.level = 0;
    ioctl(vm->vm_fd, KVM_IRQ_LINE, &l);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Stop the vCPU threads: out of KVM_RUN, and out of their loops. */
static void stop_vcpus(struct monitor_vm *vm)
{
    vm->stopping = 1;
    for (unsigned i = 0; i < UK_MAX_CPUS; i++) {
        struct monitor_vcpu *c = &vm->vcpu[i];
        if (c->started) {
            c->run->immediate_exit = 1;
            pthread_kill(c->thread, KICK);
        }
    }
}

/* The terminal's size, for SIGWINCH: from whichever of our fds is one. */
static void winsize(struct monitor_vm *vm)
{
    struct winsize ws = {0};
    for (int fd = 0; fd < 3; fd++)
        if (!ioctl(fd, TIOCGWINSZ, &ws))
            break;
    vm->ev_rows = ws.ws_row;
    vm->ev_cols = ws.ws_col;
}

/* A signal for the program: -1 to go on, or the status to end with. */
static int take_signal(struct monitor_vm *vm, int sig, int64_t *deadline)
{
    uint64_t bit = 1ULL << (sig - 1);
    pthread_mutex_lock(&vm->lock);
    int again = (vm->ev_signals & bit) && terminating(sig);
    vm->ev_signals |= bit;
    if (sig == SIGWINCH)
        winsize(vm);
    pthread_mutex_unlock(&vm->lock);
    if (again) {
        fprintf(stderr, "uk: SIG%s again before the guest took the first: "
                        "stopping it\n", sigabbrev_np(sig));
        return 128 + sig;
    }
    if (!*deadline && terminating(sig))
        *deadline = now_ns() + GRACE_NS;
    raise_irq(vm);
    return -1;
}

int monitor_events_loop(struct monitor_vm *vm)
{
    int64_t deadline = 0; /* for the signals the guest has not taken */
    int last_sig = 0, status = -1;
    for (;;) {
        pthread_mutex_lock(&vm->lock);
        int done = vm->done, watch = vm->watch_stdin;
        if (!(vm->ev_signals & ((1ULL << (SIGTERM - 1)) | (1ULL << (SIGINT - 1)) |
                                (1ULL << (SIGHUP - 1)) | (1ULL << (SIGQUIT - 1)))))
            deadline = 0;
        pthread_mutex_unlock(&vm->lock);
        if (done) {
            stop_vcpus(vm); /* the others, if there are any */
            return vm->status;
        }
        int64_t left = deadline ? deadline - now_ns() : -1;
        if (deadline && left <= 0) {
            fprintf(stderr, "uk: the guest did not take SIG%s within 2 s: "
                            "stopping it\n", sigabbrev_np(last_sig));
            status = 128 + last_sig;
            break;
        }
        struct pollfd p[3] = {{vm->wake_fd, POLLIN, 0},
                              {sig_fd, POLLIN, 0},
                              {watch ? 0 : -1, POLLIN, 0}};
        int n = poll(p, 3, left < 0 ? -1 : (int)(left / 1000000) + 1);
        if (n < 0 && errno != EINTR)
            break;
        if (p[0].revents) {
            uint64_t v;
            if (read(vm->wake_fd, &v, sizeof(v)) < 0) {
                /* nothing to read: woken twice */
            }
        }
        if (p[1].revents) {
            struct signalfd_siginfo si;
            if (read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
                last_sig = (int)si.ssi_signo;
                if ((status = take_signal(vm, last_sig, &deadline)) >= 0)
                    break;
            }
        }
        if (p[2].revents) {
            pthread_mutex_lock(&vm->lock);
            vm->watch_stdin = 0;
            vm->ev_stdin = 1;
            pthread_mutex_unlock(&vm->lock);
            raise_irq(vm);
        }
    }
    stop_vcpus(vm);
    return status >= 0 ? status : UK_STATUS_VMM;
}
