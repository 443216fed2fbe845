/* SPDX-License-Identifier: MIT */
/*
 * mkinput FILE [MIB]: writes the input of the busybox gzip and bzip2
 * workloads, 16 MiB unless MIB says otherwise (a smaller input is a prefix
 * of a larger one).  Text-like and the same on every machine: lines of
 * made-up words drawn with a skewed choice from a fixed vocabulary, with
 * numbers, punctuation and repeated phrases, all from a fixed-seed
 * xorshift generator.  Of 16 MiB, busybox gzip makes 4.3 MB (3.9x) and
 * bzip2 4.2 MB (4.0x).
 *
 * The workloads, one program per run and no shell (Debian's busybox-static
 * is the program; the guest gets it at /bin/busybox):
 *
 *   mkdir DIR && build/bench/mkinput DIR/input
 *   ./run --fs DIR /bin/busybox gzip -k -f /input     # writes /input.gz
 *   ./run --fs DIR /bin/busybox bzip2 -k -f /input    # writes /input.bz2
 *   ./run --fs DIR /bin/busybox true                  # the baseline
 *
 * Natively: busybox gzip -k -f DIR/input (and remove DIR/input.gz after).
 * The output stays inside the guest: with -c it would cross the console,
 * which under --vmm qemu is a serial port (16 MiB: gzip -c 16.7 s against
 * 3.0 s for -k -f).  The baseline to subtract is "busybox true" with the
 * same --fs, not hello: packing and loading 16 MiB of DIR costs 0.1-0.3 s.
 * RAM: the root is limited to half of --mem and holds input and output, so
 * 16 MiB needs --mem 48M at least; the default 128M is plenty.
 * Checked: "./run --fs DIR /bin/busybox gzip -c /input | md5sum" (and
 * bzip2) gives the same sum as natively, on both --vmm.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXMIB 64
#define NWORDS 2048

static uint64_t seed = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)((seed >> 32) % n);
}

int main(int argc, char **argv)
{
    static char words[NWORDS][12];
    static const char letters[] = "etaoinshrdlcumwfgypbvkjxqz";
    static char buf[(MAXMIB << 20) + 128];

    size_t size = (argc == 3 ? strtoul(argv[2], NULL, 10) : 16) << 20;
    if (argc < 2 || argc > 3 || size == 0 || size > (MAXMIB << 20)) {
        fprintf(stderr, "usage: %s FILE [MIB, at most %d]\n", argv[0], MAXMIB);
        return 2;
    }
    for (int w = 0; w < NWORDS; w++) {
        int len = 2 + rnd(5) + rnd(5);
        for (int i = 0; i < len; i++)
            words[w][i] = letters[rnd(rnd(26) + 1)]; /* common first */
        words[w][len] = 0;
    }

    size_t n = 0, col = 0;
    while (n < size) {
        /* Skewed: a few words are frequent, most are rare. */
        uint32_t r = rnd(NWORDS);
        const char *p = words[(uint64_t)r * r / NWORDS * r / NWORDS];
        if (n > 4096 && rnd(4) == 0) /* a phrase seen a little earlier */
            for (size_t from = n - 64 - rnd(4000), k = 8 + rnd(32); k--;)
                buf[n++] = buf[from++], col++;
        else if (rnd(32) == 0)
            n += sprintf(buf + n, "%u", rnd(100000));
        else
            while (*p)
                buf[n++] = *p++, col++;
        uint32_t k = rnd(32);
        if (k == 0)
            buf[n++] = '.';
        else if (k == 1)
            buf[n++] = ',';
        col++;
        if (col > 60 + rnd(20)) {
            buf[n++] = '\n';
            col = 0;
        } else {
            buf[n++] = ' ';
        }
    }

    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(buf, 1, size, f) != size || fclose(f)) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
