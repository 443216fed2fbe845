/* SPDX-License-Identifier: MIT */
/*
 * FUTEX_WAKE_OP: the operation on the second word (SET, ADD, OR, ANDN, XOR,
 * with and without FUTEX_OP_OPARG_SHIFT) and the comparison of its old
 * value (EQ, NE, LT, LE, GT, GE) decide whether the second word's waiters
 * are woken; the first word's waiters are woken in any case.  Bad op or
 * cmp codes are ENOSYS.
 */
#include "thr.h"
#include <pthread.h>

#define P FUTEX_PRIVATE_FLAG
#define OP(op, oparg, cmp, cmparg)                                             \
    (((op)&0xf) << 28 | ((cmp)&0xf) << 24 | ((oparg)&0xfff) << 12 |            \
     ((cmparg)&0xfff))
enum { SET, ADD, OR, ANDN, XOR };
enum { EQ, NE, LT, LE, GT, GE };
#define SHIFT 8

static uint32_t w1, w2;
static volatile int done1, done2;

static void *wait1(void *a)
{
    (void)a;
    t_futex(&w1, FUTEX_WAIT | P, 0, NULL, NULL, 0);
    done1 = 1;
    return NULL;
}

static void *wait2(void *a)
{
    (void)a;
    t_futex(&w2, FUTEX_WAIT | P, 5, NULL, NULL, 0);
    done2 = 1;
    return NULL;
}

static long wake_op(int n1, int n2, uint32_t op)
{
    return syscall(SYS_futex, &w1, FUTEX_WAKE_OP | P, n1, (void *)(long)n2, &w2,
                   op);
}

static void show(const char *label, uint32_t start, uint32_t op)
{
    w2 = start;
    long r = wake_op(1, 1, op);
    printf("%-28s %#x -> %#x, ret %ld %s\n", label, start, w2, r,
           r < 0 ? t_errname(errno) : "");
}

int main(void)
{
    t_watchdog();
    show("SET 7", 1, OP(SET, 7, EQ, 0));
    show("ADD 5", 10, OP(ADD, 5, EQ, 0));
    show("OR 0x30", 0x3, OP(OR, 0x30, EQ, 0));
    show("ANDN 0x6", 0xf, OP(ANDN, 0x6, EQ, 0));
    show("XOR 0xff", 0xf0, OP(XOR, 0xff, EQ, 0));
    show("SET 1<<4 (OPARG_SHIFT)", 0, OP(SET | SHIFT, 4, EQ, 0));
    show("OR 1<<31 (OPARG_SHIFT)", 1, OP(OR | SHIFT, 31, EQ, 0));
    show("ADD -1 (oparg 0xfff)", 10, OP(ADD, 0xfff, EQ, 0));
    show("bad op 7", 3, OP(7, 1, EQ, 0));
    show("bad cmp 9", 3, OP(ADD, 1, 9, 0));
    T("word 2 unaligned",
      syscall(SYS_futex, &w1, FUTEX_WAKE_OP | P, 1, (void *)1L,
              (uint32_t *)((char *)&w2 + 1), OP(ADD, 1, EQ, 0)));

    /* One waiter on each word; the second word stays 5 (ADD 0). */
    w1 = 0;
    w2 = 5;
    pthread_t a, b;
    pthread_create(&a, NULL, wait1, NULL);
    pthread_create(&b, NULL, wait2, NULL);
    long total = 0;
    while (total < 1) { /* old value 5 == 99 is false: word 2 not woken */
        total += wake_op(1, 1, OP(ADD, 0, EQ, 99));
        if (!total)
            t_sleep_ms(1);
    }
    pthread_join(a, NULL);
    t_sleep_ms(20);
    printf(
        "cmp false: woke %ld, word 1 waiter done %d, word 2 waiter done %d\n",
        total, done1, done2);
    total = 0;
    while (total < 1) { /* 5 >= 5: word 2 woken */
        total += wake_op(1, 1, OP(ADD, 0, GE, 5));
        if (!total)
            t_sleep_ms(1);
    }
    pthread_join(b, NULL);
    printf("cmp true: woke %ld, word 2 waiter done %d, word 2 = %u\n", total,
           done2, w2);
    for (int c = EQ; c <= GE; c++) {
        w2 = 5;
        pthread_create(&b, NULL, wait2, NULL);
        total = 0;
        done2 = 0;
        /* cmparg 5: EQ LE GE are true; then cmparg 4: NE GT true */
        uint32_t arg = (c == NE || c == GT) ? 4 : (c == LT) ? 6 : 5;
        while (total < 1) {
            total += wake_op(0, 1, OP(ADD, 0, c, arg));
            if (!total)
                t_sleep_ms(1);
        }
        pthread_join(b, NULL);
        printf("cmp %d with arg %u: woke %ld\n", c, arg, total);
    }
    return 0;
}
