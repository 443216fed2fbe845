/* SPDX-License-Identifier: MIT */
/*
 * file ITERS: 4 KiB pwrite, then 4 KiB pread, ITERS times each, at offsets
 * cycling through the first 1 MiB of /tmp/bench_file; ns per call.  Each
 * block carries the number of the write that filled it, and every read
 * checks it got the last write to its block.
 */
#include <fcntl.h>
#include <unistd.h>

#include "work.h"

#define PATH "/tmp/bench_file"
#define BLOCK 4096
#define SLOTS 256 /* 1 MiB */

static char buf[BLOCK];

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
        work_fail("open " PATH);
    memset(buf, 'w', sizeof buf);

    double t0 = work_now_ns();
    for (long i = 0; i < iters; i++) {
        memcpy(buf, &i, sizeof i);
        if (pwrite(fd, buf, BLOCK, (i % SLOTS) * BLOCK) != BLOCK)
            work_fail("pwrite");
    }
    double t1 = work_now_ns();
    for (long i = 0; i < iters; i++) {
        long slot = i % SLOTS, got;
        if (pread(fd, buf, BLOCK, slot * BLOCK) != BLOCK)
            work_fail("pread");
        memcpy(&got, buf, sizeof got);
        if (got != slot + (iters - 1 - slot) / SLOTS * SLOTS) {
            fprintf(stderr, "file: block %ld holds write %ld\n", slot, got);
            return 1;
        }
    }
    double t2 = work_now_ns();

    if (close(fd) != 0)
        work_fail("close");
    if (unlink(PATH) != 0)
        work_fail("unlink " PATH);
    work_print("file_write", (t1 - t0) / iters);
    work_print("file_read", (t2 - t1) / iters);
    return 0;
}
