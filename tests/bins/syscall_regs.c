/* SPDX-License-Identifier: MIT */
/*
 * What a syscall leaves in the registers, as Linux's ABI has it: rax the
 * result, rcx the return address, r11 the flags, and every other register
 * as it was.  Calls of both of the kernel's paths: the short one (getpid,
 * getuid, gettid...) and the full one (read of a bad fd, an unknown number),
 * and a number whose upper half is not zero (ignored, as on Linux).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { RBX, RBP, RDX, RSI, RDI, R8, R9, R10, R12, R13, R14, R15, NKEPT };
static const char *const names[NKEPT] = {"rbx", "rbp", "rdx", "rsi",
                                         "rdi", "r8",  "r9",  "r10",
                                         "r12", "r13", "r14", "r15"};

struct out {
    uint64_t kept[NKEPT];
    uint64_t rax, rcx, r11, flags, ret_addr;
};

/* The registers get values no syscall would leave by chance; the syscall
 * runs with them; then everything is stored in *o. */
static void call(uint64_t nr, struct out *o)
{
    __asm__ volatile(
        "sub $128, %%rsp\n\t" /* past the red zone */
        "push %%rbp\n\t"
        "push %%rbx\n\t"
        "push %%rdi\n\t" /* o */
        "mov $0x1111111111111111, %%rbx\n\t"
        "mov $0x2222222222222222, %%rbp\n\t"
        "mov $0x3333333333333333, %%rdx\n\t"
        "mov $0x4444444444444444, %%rsi\n\t"
        "mov $-1, %%rdi\n\t" /* a bad fd for read */
        "mov $0x5555555555555555, %%r8\n\t"
        "mov $0x6666666666666666, %%r9\n\t"
        "mov $0x7777777777777777, %%r10\n\t"
        "mov $0x1212121212121212, %%r12\n\t"
        "mov $0x1313131313131313, %%r13\n\t"
        "mov $0x1414141414141414, %%r14\n\t"
        "mov $0x1515151515151515, %%r15\n\t"
        "mov $0x0101010101010101, %%rcx\n\t"
        "mov $0x0202020202020202, %%r11\n\t"
        "pushfq\n\t"
        "syscall\n\t"
        "1:\n\t"
        "xchg %%rdi, 8(%%rsp)\n\t" /* rdi = o, the stack keeps rdi */
        "pop 120(%%rdi)\n\t"       /* flags before */
        "pop 32(%%rdi)\n\t"        /* rdi after */
        "mov %%rbx, 0(%%rdi)\n\t"
        "mov %%rbp, 8(%%rdi)\n\t"
        "mov %%rdx, 16(%%rdi)\n\t"
        "mov %%rsi, 24(%%rdi)\n\t"
        "mov %%r8, 40(%%rdi)\n\t"
        "mov %%r9, 48(%%rdi)\n\t"
        "mov %%r10, 56(%%rdi)\n\t"
        "mov %%r12, 64(%%rdi)\n\t"
        "mov %%r13, 72(%%rdi)\n\t"
        "mov %%r14, 80(%%rdi)\n\t"
        "mov %%r15, 88(%%rdi)\n\t"
        "mov %%rax, 96(%%rdi)\n\t"
        "mov %%rcx, 104(%%rdi)\n\t"
        "mov %%r11, 112(%%rdi)\n\t"
        "lea 1b(%%rip), %%rax\n\t"
        "mov %%rax, 128(%%rdi)\n\t"
        "pop %%rbx\n\t"
        "pop %%rbp\n\t"
        "add $128, %%rsp\n\t"
        : "+D"(o), "+a"(nr)
        :
        : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
          "r15", "memory", "cc");
}

static const uint64_t want[NKEPT] = {
    0x1111111111111111, 0x2222222222222222, 0x3333333333333333,
    0x4444444444444444, (uint64_t)-1,       0x5555555555555555,
    0x6666666666666666, 0x7777777777777777, 0x1212121212121212,
    0x1313131313131313, 0x1414141414141414, 0x1515151515151515};

static int verbose = 1;

static int check(const char *what, uint64_t nr, long expect)
{
    struct out o;
    int bad = 0;
    memset(&o, 0, sizeof o);
    call(nr, &o);
    for (int i = 0; i < NKEPT; i++)
        if (o.kept[i] != want[i]) {
            printf("%s: %s changed to %#lx\n", what, names[i],
                   (unsigned long)o.kept[i]);
            bad = 1;
        }
    if ((long)o.rax != expect) {
        printf("%s: returned %ld, want %ld\n", what, (long)o.rax, expect);
        bad = 1;
    }
    if (o.rcx != o.ret_addr) {
        printf("%s: rcx is %#lx, not the return address\n", what,
               (unsigned long)o.rcx);
        bad = 1;
    }
    /* r11 is the flags syscall saw; the pushfq before it saw the same
     * (the moves between change none). */
    if ((o.r11 & 0xcd5) != (o.flags & 0xcd5)) {
        printf("%s: r11 is %#lx, flags were %#lx\n", what,
               (unsigned long)o.r11, (unsigned long)o.flags);
        bad = 1;
    }
    if (verbose || bad)
        printf("%s: %s\n", what, bad ? "FAIL" : "ok");
    return bad;
}

int main(void)
{
    int bad = 0;
    /* many rounds: an interrupt may come in the middle of either path
     * (500: each call is slow where kernel-mode code is, as on kvm_pvm) */
    for (int round = 0; round < 500 && !bad; round++) {
        verbose = round == 0;
        bad |= check("getpid", SYS_getpid, getpid());
        bad |= check("getppid", SYS_getppid, getppid());
        bad |= check("gettid", SYS_gettid, (long)syscall(SYS_gettid));
        bad |= check("getuid", SYS_getuid, getuid());
        bad |= check("getegid", SYS_getegid, getegid());
        bad |= check("getpgrp", SYS_getpgrp, getpgrp());
        bad |= check("getpid, upper half set", 0xffffffff00000000 | SYS_getpid,
                     getpid());
        bad |= check("read of fd -1", SYS_read, -9 /* EBADF */);
        bad |= check("unknown number", 1000, -38 /* ENOSYS */);
        bad |= check("negative number", (uint64_t)-1, -38);
    }
    return bad;
}
