// SPDX-License-Identifier: MIT
/* copy_to_user and friends: range checks here, fault recovery in hal. */
#include "hal/hal.h"
#include "kernel/kernel.h"
#include "mm/mm.h"

static int user_range_ok(const void *u, size_t n)
{
    uint64_t a = (uint64_t)u;
    return a < MM_USER_TOP && n <= MM_USER_TOP - a;
}

long copy_to_user(void *udst, const void *ksrc, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    return hal_copy_user(udst, ksrc, n);
}

long copy_from_user(void *kdst, const void *usrc, size_t n)
{
    if (!user_range_ok(usrc, n))
        return -EFAULT;
    return hal_copy_user(kdst, usrc, n);
}

long strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
    uint64_t a = (uint64_t)usrc;

    if (a >= MM_USER_TOP)
        return -EFAULT;
    if (max > MM_USER_TOP - a)
        max = MM_USER_TOP - a;
    long n = hal_strncpy_user(kdst, usrc, max);
    if (n < 0)
        return n;
    if ((size_t)n == max)
        return -ENAMETOOLONG;
    return n;
}
