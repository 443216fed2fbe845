/* SPDX-License-Identifier: MIT */
/*
 * readfile PATH: read PATH to its end in 1 MiB read() calls; prints
 * "readfile MIB_PER_S" (MiB per second of the reads alone) and checks
 * the byte count against fstat.  For bench/hostfs: a file of a host
 * directory, against the same file natively.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "work.h"

static char buf[1 << 20];

int main(int argc, char **argv)
{
    struct stat st;
    if (argc != 2)
        work_fail("usage: readfile PATH");
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0 || fstat(fd, &st))
        work_fail("open");
    long long total = 0;
    double t0 = work_now_ns();
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
            work_fail("read");
        if (n == 0)
            break;
        total += n;
    }
    double t1 = work_now_ns();
    if (total != st.st_size)
        work_fail("short read");
    printf("readfile %.1f\n", total / 1048576.0 / ((t1 - t0) / 1e9));
    return 0;
}
