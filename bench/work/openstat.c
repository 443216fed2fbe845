/* SPDX-License-Identifier: MIT */
/*
 * openstat ITERS: open(O_RDONLY) + close + stat of one file in /tmp,
 * ITERS times; ns per triple.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "work.h"

#define PATH "/tmp/bench_os"

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    struct stat st;
    int fd = open(PATH, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
        work_fail("create " PATH);
    if (write(fd, "openstat\n", 9) != 9)
        work_fail("write " PATH);
    if (close(fd) != 0)
        work_fail("close");

    double t0 = work_now_ns();
    for (long i = 0; i < iters; i++) {
        fd = open(PATH, O_RDONLY);
        if (fd < 0)
            work_fail("open " PATH);
        if (close(fd) != 0)
            work_fail("close");
        if (stat(PATH, &st) != 0)
            work_fail("stat " PATH);
        if (st.st_size != 9) {
            fprintf(stderr, "openstat: size %ld, not 9\n", (long)st.st_size);
            return 1;
        }
    }
    double t1 = work_now_ns();

    if (unlink(PATH) != 0)
        work_fail("unlink " PATH);
    work_print("openstat", (t1 - t0) / iters);
    return 0;
}
