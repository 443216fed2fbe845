/* SPDX-License-Identifier: MIT */
/* mprotect: a write to a read-only page and a read of a PROT_NONE page
 * raise SIGSEGV with SEGV_ACCERR at the faulting address; restoring the
 * protection makes the access work again. */
#include "t.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#define PG 4096
static sigjmp_buf jb;
static void *fault_addr;
static int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    siglongjmp(jb, 1);
}

static void try(const char *what, volatile char *p, int write)
{
    fault_addr = NULL;
    if (sigsetjmp(jb, 1) == 0) {
        if (write)
            *p = 1;
        else
            (void)*p;
        printf("%s: ok\n", what);
    } else {
        printf("%s: SIGSEGV code %s addr %s\n", what,
               fault_code == SEGV_ACCERR ? "SEGV_ACCERR" :
               fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other",
               fault_addr == (void *)p ? "exact" : "wrong");
    }
}

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[PG] = 42;
    T("mprotect page 1 read-only", mprotect(p + PG, PG, PROT_READ));
    try("read ro page", p + PG, 0);
    T("value kept", p[PG]);
    try("write ro page", p + PG + 10, 1);
    try("write page 0", p, 1);
    try("write page 2", p + 2 * PG, 1);
    T("mprotect PROT_NONE", mprotect(p + 2 * PG, PG, PROT_NONE));
    try("read none page", p + 2 * PG + 5, 0);
    T("mprotect back RW", mprotect(p, 4 * PG, PROT_READ | PROT_WRITE));
    try("write page 1 again", p + PG, 1);
    try("read page 2 again", p + 2 * PG, 0);
    T("data survived", p[2 * PG]);
    T("mprotect unaligned", syscall(SYS_mprotect, p + 1, PG, PROT_READ));
    T("mprotect bad prot", mprotect(p, PG, 0x100));
    T("munmap page 3", munmap(p + 3 * PG, PG));
    T("mprotect over hole", mprotect(p, 4 * PG, PROT_READ));
    try("write unmapped page", p + 3 * PG, 1);
    try("write NULL+16", (char *)16, 1);
    T("mprotect len 0", mprotect(p, 0, PROT_READ));
    return 0;
}
