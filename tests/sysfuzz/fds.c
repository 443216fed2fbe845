// SPDX-License-Identifier: MIT
/*
 * File descriptors: the ones the fuzzer opened and the ones calls handed
 * back.  Every one of them is made non-blocking, so no read, write, accept
 * or connect on a pipe or socket can wait forever; fds_sweep catches fds
 * that came back where the fuzzer could not see them.  FZ_OUT_FD, the saved
 * stdout, is never an argument.
 */
#define _GNU_SOURCE
#include "sysfuzz.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NPOOL 32

static int pool[NPOOL];
static unsigned npool, next;
static long highest = 2;

void fds_note(long fd)
{
    if (fd < 0 || fd > (1 << 20) || fd == FZ_OUT_FD)
        return;
    long fl = syscall(SYS_fcntl, fd, F_GETFL);
    if (fl >= 0 && !(fl & O_NONBLOCK))
        syscall(SYS_fcntl, fd, F_SETFL, fl | O_NONBLOCK);
    if (fd > highest)
        highest = fd;
    if (npool < NPOOL) {
        pool[npool++] = (int)fd;
    } else {
        pool[next] = (int)fd;
        next = (next + 1) % NPOOL;
    }
}

void fds_sweep(void)
{
    long top = highest + 8 < 64 ? highest + 8 : 64;
    for (long fd = 0; fd <= top; fd++) {
        if (fd == FZ_OUT_FD)
            continue;
        long fl = syscall(SYS_fcntl, fd, F_GETFL);
        if (fl >= 0 && !(fl & O_NONBLOCK))
            syscall(SYS_fcntl, fd, F_SETFL, fl | O_NONBLOCK);
    }
}

static void note_open(const char *path, int flags)
{
    fds_note(open(path, flags | O_NONBLOCK, 0644));
}

void fds_init(void)
{
    static const char data[] = "sysfuzz file data\n";
    int p[2];
    mkdir("/tmp/sysfuzz", 0755);
    mkdir("/tmp/sysfuzz/d", 0755);
    int fd = open("/tmp/sysfuzz/f0", O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (int i = 0; fd >= 0 && i < 64; i++)
        if (write(fd, data, sizeof(data) - 1) < 0)
            break;
    fds_note(fd);
    note_open("/tmp/sysfuzz/f1", O_RDWR | O_CREAT | O_APPEND);
    note_open("/tmp/sysfuzz/d", O_RDONLY | O_DIRECTORY);
    note_open("/tmp", O_PATH);
    note_open("/dev/zero", O_RDWR);
    note_open("/dev/null", O_RDONLY);
    note_open("/proc/self/status", O_RDONLY);
    if (symlink("/tmp/sysfuzz/f0", "/tmp/sysfuzz/l") < 0) {
        /* already there from an earlier run: fine */
    }
    if (pipe2(p, O_NONBLOCK) == 0) {
        fds_note(p[0]);
        fds_note(p[1]);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p) == 0) {
        fds_note(p[0]);
        fds_note(p[1]);
    }
    fds_note(syscall(SYS_eventfd2, 0, O_NONBLOCK));
    fds_note(syscall(SYS_memfd_create, "sysfuzz", 0));
}

uint64_t fds_arg(int dir)
{
    static const uint64_t odd[] = {
        0,
        1,
        2,
        ~0ULL,
        (uint64_t)-100,
        1023,
        1024,
        65535,
        65536,
        0x7fffffff,
        (uint64_t)(-0x7fffffffLL - 1),
        3,
        99,
        101,
        255,
        256,
    };
    uint64_t v;
    if (dir && rng_chance(30))
        return (uint64_t)-100; /* AT_FDCWD */
    if (npool && rng_chance(60))
        v = (uint64_t)pool[rng_below(npool)];
    else if (rng_chance(80))
        v = RNG_PICK(odd);
    else
        v = val_any();
    if (rng_chance(5))
        v = (v & 0xffffffff) | (rng_next() << 32); /* an int drops these */
    if ((int)v == FZ_OUT_FD)
        v = 3;
    return v;
}
