// SPDX-License-Identifier: MIT
/* The random stream of a run: xoshiro256** seeded by splitmix64, so one
 * seed always gives the same calls. */
#include "sysfuzz.h"

static uint64_t s[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(void)
{
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

uint64_t rng_below(uint64_t n)
{
    return rng_next() % n;
}

int rng_chance(unsigned pct)
{
    return rng_below(100) < pct;
}

uint64_t rng_pick(const uint64_t *a, size_t n)
{
    return a[rng_below(n)];
}
