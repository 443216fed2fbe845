/* SPDX-License-Identifier: MIT */
/* vm.max_map_count: mappings that cannot merge are made until the limit
 * (mprotect splits one reserved region into pages that alternate between
 * PROT_NONE and PROT_READ, two mappings per call, then single-page mmaps),
 * and everything that would add a mapping then fails with ENOMEM while the
 * program keeps running; removing a few makes room again.  The exact count
 * depends on the mappings the process starts with, so only a window is
 * printed.  At most 70000 mappings, so a native run is bounded. */
#include "t.h"
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096L
#define CAP 70000L
#define EXTRA 100

static char *extra[EXTRA];

int main(void)
{
    printf("mapcount\n"); /* stdout's buffer exists before the limit */
    long pages = CAP + 2, made = 1, i;
    char *r = mmap(NULL, pages * PG, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) {
        printf("reserve: %s\n", t_errname(errno));
        return 1;
    }
    int err = 0;
    for (i = 1; 2 * i < pages && made < CAP; i++) {
        if (mprotect(r + (2 * i - 1) * PG, PG, PROT_READ)) {
            err = errno;
            break;
        }
        made += 2;
    }
    printf("mprotect splits stopped with %s\n", t_errname(err));
    char *rest = r + 2 * i * PG; /* the PROT_NONE remainder */
    int n = 0;
    for (err = 0; n < EXTRA && !err; n++) {
        /* PROT_EXEC and PROT_READ|PROT_EXEC alternate: no merging */
        extra[n] = mmap(NULL, PG, n & 1 ? PROT_EXEC : PROT_READ | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (extra[n] == MAP_FAILED)
            err = errno;
    }
    n--;
    made += n;
    printf("mmap stopped with %s after at most a few: %s\n", t_errname(err),
           n <= 20 ? "yes" : "no");
    FACT("mappings made in 65000..65530", made >= 65000 && made <= 65530);

    /* at the limit: whatever adds a mapping fails */
    T("mprotect splitting a mapping", mprotect(rest + 8 * PG, PG, PROT_READ));
    T("munmap splitting a mapping", munmap(rest + 8 * PG, PG));
    T("MAP_FIXED into the middle of a mapping",
      (long)mmap(rest + 16 * PG, PG, PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    T("mremap that must move",
      (long)mremap(r + PG, PG, 2 * PG, MREMAP_MAYMOVE));
    uintptr_t b = (uintptr_t)syscall(SYS_brk, 0);
    FACT("brk growth refused", (uintptr_t)syscall(SYS_brk, b + 64 * PG) == b);
    T("mprotect page 1 unchanged", mprotect(r + PG, PG, PROT_READ));

    /* removing whole mappings makes room */
    for (int k = 1; k <= 3; k++)
        T("munmap one whole mapping", munmap(r + (2 * k + 1) * PG, PG));
    char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FACT("mmap works again", p != MAP_FAILED);
    /* a change that merges mappings is fine near the limit */
    T("mprotect that merges", mprotect(r + 11 * PG, PG, PROT_NONE));

    T("munmap everything", munmap(r, pages * PG));
    for (int k = 0; k < n; k++)
        munmap(extra[k], PG);
    if (p != MAP_FAILED)
        munmap(p, PG);
    p = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    FACT("mmap after cleanup", p != MAP_FAILED);
    if (p != MAP_FAILED)
        p[63 * PG] = 1;
    return 0;
}
