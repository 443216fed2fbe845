/* SPDX-License-Identifier: MIT */
/*
 * CPU faults delivered to a handler with Linux's si_code and si_addr, each
 * recovered with siglongjmp: SIGSEGV SEGV_MAPERR (unmapped), SEGV_ACCERR
 * (write to read-only, read of PROT_NONE, execution of a non-executable
 * page), SIGBUS BUS_ADRERR (a file mapping past the end of the file),
 * SIGFPE FPE_INTDIV (x/0 and INT_MIN/-1, si_addr the instruction),
 * SIGILL ILL_ILLOPN (ud2), SIGTRAP from int3 (SI_KERNEL).
 */
#include "thr.h"
#include <fcntl.h>
#include <setjmp.h>
#include <sys/mman.h>

int fl_div(int a, int b);
void fl_ud2(void);
void fl_int3(void);
extern char fl_div_insn[], fl_int3_after[];
__asm__(".text\n"
        "fl_div: movl %edi, %eax\n"
        "cltd\n"
        "fl_div_insn: idivl %esi\n"
        "ret\n"
        "fl_ud2: ud2\n"
        "ret\n"
        "fl_int3: int3\n"
        "fl_int3_after: ret\n");

static sigjmp_buf jb;
static volatile int sig, code;
static void *volatile addr;
static volatile greg_t rip;

static void h(int s, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    sig = s, code = si->si_code, addr = si->si_addr;
    rip = uc->uc_mcontext.gregs[REG_RIP];
    siglongjmp(jb, 1);
}

static const char *name(int s, int c)
{
    if (s == SIGSEGV)
        return c == SEGV_MAPERR   ? "SEGV_MAPERR"
               : c == SEGV_ACCERR ? "SEGV_ACCERR"
                                  : "?";
    if (s == SIGBUS)
        return c == BUS_ADRERR   ? "BUS_ADRERR"
               : c == BUS_ADRALN ? "BUS_ADRALN"
                                 : "?";
    if (s == SIGFPE)
        return c == FPE_INTDIV   ? "FPE_INTDIV"
               : c == FPE_INTOVF ? "FPE_INTOVF"
                                 : "?";
    if (s == SIGILL)
        return c == ILL_ILLOPN ? "ILL_ILLOPN" : "?";
    if (s == SIGTRAP)
        return c == SI_KERNEL    ? "SI_KERNEL"
               : c == TRAP_BRKPT ? "TRAP_BRKPT"
                                 : "?";
    return "none";
}

static void show(const char *what, void *want_addr)
{
    printf("%-26s signal %2d %-12s si_addr exact %d\n", what, sig,
           name(sig, code), addr == want_addr);
    sig = 0;
}

int main(void)
{
    t_watchdog();
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (int i = 0; i < 5; i++)
        sigaction(sigs[i], &sa, NULL);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    munmap(p + 2 * 4096, 4096);
    mprotect(p, 4096, PROT_READ);
    mprotect(p + 4096, 4096, PROT_NONE);

    if (!sigsetjmp(jb, 1))
        *(volatile char *)(p + 2 * 4096 + 5) = 1;
    show("write to unmapped", p + 2 * 4096 + 5);
    if (!sigsetjmp(jb, 1))
        *(volatile char *)(p + 7) = 1;
    show("write to read-only", p + 7);
    if (!sigsetjmp(jb, 1))
        (void)*(volatile char *)(p + 4096 + 9);
    show("read of PROT_NONE", p + 4096 + 9);
    char *code_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code_page[0] = (char)0xc3; /* ret */
    if (!sigsetjmp(jb, 1))
        ((void (*)(void))code_page)();
    show("call into a non-exec page", code_page);
    FACT("  rip at the page", rip == (greg_t)code_page);

    t_tmp_enter();
    int fd = open("f", O_RDWR | O_CREAT, 0600);
    if (fd < 0 || write(fd, "0123456789", 10) != 10)
        return 1;
    char *m = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return 1;
    FACT("inside the file's page, past its end, reads 0", m[100] == 0);
    if (!sigsetjmp(jb, 1))
        (void)*(volatile char *)(m + 4096 + 3);
    show("read past the file's pages", m + 4096 + 3);
    munmap(m, 2 * 4096);
    close(fd);
    unlink("f");
    t_tmp_leave();

    if (!sigsetjmp(jb, 1))
        fl_div(7, 0);
    show("idiv by 0", fl_div_insn);
    if (!sigsetjmp(jb, 1))
        fl_div(-2147483647 - 1, -1);
    show("idiv INT_MIN by -1", fl_div_insn);
    if (!sigsetjmp(jb, 1))
        fl_ud2();
    show("ud2", (void *)fl_ud2);
    if (!sigsetjmp(jb, 1))
        fl_int3();
    show("int3", NULL);
    FACT("  rip after the int3", rip == (greg_t)fl_int3_after);
    return 0;
}
