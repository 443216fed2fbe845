// SPDX-License-Identifier: MIT
/* Random bytes: RDRAND when the CPU has it, else a ChaCha20 keystream keyed
 * with 32 bytes from the host's getrandom (passed by ./run). */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "kernel/boot.h"
#include "kernel/random.h"

static uint32_t key[8];
static uint64_t counter;

void random_init(const uint8_t seed[32])
{
    memcpy(key, seed, sizeof(key));
}

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                         \
    (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, b = ROTL(b, 12),         \
     a += b, d ^= a, d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7))

static void chacha_block(uint32_t out[16])
{
    uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memcpy(&s[4], key, sizeof(key));
    s[12] = (uint32_t)counter;
    s[13] = (uint32_t)(counter >> 32);
    counter++;
    uint32_t x[16];
    memcpy(x, s, sizeof(x));
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] = x[i] + s[i];
}

void random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    uint64_t r;
    while (n) {
        if (hal_rdrand(&r)) {
            size_t k = MIN(n, sizeof(r));
            memcpy(p, &r, k);
            p += k, n -= k;
            continue;
        }
        uint32_t block[16];
        chacha_block(block);
        size_t k = MIN(n, sizeof(block));
        memcpy(p, block, k);
        p += k, n -= k;
    }
}
