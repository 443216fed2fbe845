/* SPDX-License-Identifier: MIT */
/*
 * sha256 ITERS: SHA-256 (FIPS 180-4) of a 1 MiB buffer, ITERS times; ns
 * per MiB.  The implementation is checked against the standard one- and
 * two-block test vectors first, and every pass must give the same digest.
 */
#include <stdint.h>

#include "work.h"

#define MIB (1 << 20)

/* FIPS 180-4 4.2.2: cube roots of the first 64 primes, fraction bits. */
static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* 5.3.3: square roots of the first 8 primes, fraction bits. */
static const uint32_t h_init[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint32_t rotr(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

/* 6.2.2: one 64-byte block into the state h. */
static void block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];

    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | p[4 * t + 1] << 16 |
               p[4 * t + 2] << 8 | p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ w[t - 15] >> 3;
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ w[t - 2] >> 10;
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
                      ((e & f) ^ (~e & g)) + k[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
                      ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

/* The digest of len bytes at data, padded as in 5.1.1. */
static void sha256(const void *data, size_t len, uint8_t out[32])
{
    const uint8_t *p = data;
    uint8_t tail[128] = {0};
    uint32_t h[8];
    size_t full = len & ~(size_t)63, rest = len - full;
    size_t tlen = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;

    memcpy(h, h_init, sizeof h);
    for (size_t i = 0; i < full; i += 64)
        block(h, p + i);
    memcpy(tail, p + full, rest);
    tail[rest] = 0x80;
    for (int i = 0; i < 8; i++)
        tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < tlen; i += 64)
        block(h, tail + i);
    for (int i = 0; i < 32; i++)
        out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static void check(const char *msg, const char *want)
{
    uint8_t d[32];
    char hex[65];

    sha256(msg, strlen(msg), d);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    if (strcmp(hex, want) != 0) {
        fprintf(stderr, "sha256(\"%s\") = %s, not %s\n", msg, hex, want);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    long iters = work_iters(argc, argv);
    static uint8_t buf[MIB];
    uint8_t first[32], d[32];

    check("abc", "ba7816bf8f01cfea414140de5dae2223"
                 "b00361a396177a9cb410ff61f20015ad");
    check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039"
          "a33ce45964ff2167f6ecedd419db06c1");
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 131 + (i >> 12));

    double t0 = work_now_ns();
    for (long i = 0; i < iters; i++) {
        sha256(buf, sizeof buf, i ? d : first);
        if (i && memcmp(d, first, sizeof d) != 0) {
            fprintf(stderr, "sha256: pass %ld gave another digest\n", i);
            return 1;
        }
    }
    double t1 = work_now_ns();
    work_print("sha256", (t1 - t0) / iters);
    return 0;
}
