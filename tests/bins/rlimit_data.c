/* SPDX-License-Identifier: MIT */
/* RLIMIT_DATA and RLIMIT_AS, as Linux enforces them: brk and private
 * writable mappings count as data (mprotect that makes a private mapping
 * writable too); shared and read-only mappings do not; RLIMIT_AS bounds
 * every mapping.  A soft data limit of 0 lets mmap through up to the hard
 * limit (Linux's exception for Valgrind), but not brk.  Limits are only
 * lowered, which needs no privilege.  The process's own data (a few
 * hundred KiB at most) stays far from the limits used. */
#include "t.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define MB (1024L * 1024)

static long limit(int res, rlim_t cur, rlim_t max)
{
    struct rlimit r = {cur, max};
    return setrlimit(res, &r);
}

/* mmap len bytes, print the outcome, unmap. */
static void try_map(const char *what, long len, int prot, int flags, int fd)
{
    void *p = mmap(NULL, len, prot, flags, fd, 0);
    printf("%s: %s\n", what, p == MAP_FAILED ? t_errname(errno) : "ok");
    if (p != MAP_FAILED)
        munmap(p, len);
}

static int brk_by(long delta)
{
    uintptr_t b = (uintptr_t)syscall(SYS_brk, 0);
    int ok = (uintptr_t)syscall(SYS_brk, b + delta) == b + delta;
    syscall(SYS_brk, b);
    return ok;
}

int main(void)
{
    int priv = MAP_PRIVATE | MAP_ANONYMOUS, shared = MAP_SHARED | MAP_ANONYMOUS;
    int rw = PROT_READ | PROT_WRITE, z = open("/dev/zero", O_RDWR);
    printf("rlimit_data\n");
    FACT("brk +4 MiB without limits", brk_by(4 * MB));

    /* a soft limit of 0 under a hard one: mmap yes, brk no */
    T("RLIMIT_DATA 0 / 64 MiB", limit(RLIMIT_DATA, 0, 64 * MB));
    try_map("private rw 8 MiB, soft limit 0", 8 * MB, rw, priv, -1);
    try_map("private rw 96 MiB, soft limit 0", 96 * MB, rw, priv, -1);
    FACT("brk +1 MiB, soft limit 0", brk_by(MB));

    T("RLIMIT_DATA 16 MiB", limit(RLIMIT_DATA, 16 * MB, 16 * MB));
    try_map("private rw 8 MiB", 8 * MB, rw, priv, -1);
    try_map("private rw 32 MiB", 32 * MB, rw, priv, -1);
    try_map("private rw /dev/zero 32 MiB", 32 * MB, rw, MAP_PRIVATE, z);
    try_map("shared rw 32 MiB", 32 * MB, rw, shared, -1);
    try_map("shared rw /dev/zero 32 MiB", 32 * MB, rw, MAP_SHARED, z);
    try_map("private read-only 32 MiB", 32 * MB, PROT_READ, priv, -1);
    try_map("private none 32 MiB", 32 * MB, PROT_NONE, priv, -1);
    FACT("brk +4 MiB", brk_by(4 * MB));
    FACT("brk +32 MiB", brk_by(32 * MB));

    /* turning a private mapping writable counts it as data */
    char *p = mmap(NULL, 32 * MB, PROT_READ, priv, -1, 0);
    T("mprotect 32 MiB writable", mprotect(p, 32 * MB, rw));
    T("mprotect 4 MiB writable", mprotect(p, 4 * MB, rw));
    p[4 * MB - 1] = 1;
    T("mprotect 4 MiB more writable", mprotect(p + 4 * MB, 4 * MB, rw));
    T("mprotect 16 MiB more writable", mprotect(p + 8 * MB, 16 * MB, rw));
    T("and back to read-only", mprotect(p, 32 * MB, PROT_READ));
    T("then 8 MiB writable again", mprotect(p, 8 * MB, rw));
    /* growing a data mapping counts the growth */
    char *q = mremap(p, 8 * MB, 40 * MB, MREMAP_MAYMOVE);
    printf("mremap data mapping to 40 MiB: %s\n",
           q == MAP_FAILED ? t_errname(errno) : "ok");
    munmap(p, 32 * MB);

    /* RLIMIT_AS counts every mapping, data or not */
    T("RLIMIT_AS 256 MiB", limit(RLIMIT_AS, 256 * MB, 256 * MB));
    try_map("private none 64 MiB", 64 * MB, PROT_NONE, priv, -1);
    try_map("private none 512 MiB", 512 * MB, PROT_NONE, priv, -1);
    try_map("shared rw 512 MiB", 512 * MB, rw, shared, -1);
    try_map("private read-only 512 MiB", 512 * MB, PROT_READ, priv, -1);
    p = mmap(NULL, MB, PROT_READ, priv, -1, 0);
    q = mremap(p, MB, 512 * MB, MREMAP_MAYMOVE);
    printf("mremap to 512 MiB: %s\n",
           q == MAP_FAILED ? t_errname(errno) : "ok");
    q = mremap(p, MB, 2 * MB, MREMAP_MAYMOVE);
    printf("mremap to 2 MiB: %s\n", q == MAP_FAILED ? t_errname(errno) : "ok");
    FACT("brk +512 MiB", brk_by(512 * MB));
    return 0;
}
