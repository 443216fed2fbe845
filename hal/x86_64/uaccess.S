/* SPDX-License-Identifier: MIT */
/*
 * Copies that touch user memory.  A fault between uaccess_start and
 * uaccess_end that the page-fault handler cannot satisfy resumes at
 * uaccess_fault, which returns -EFAULT.  Bulk copies use movsq: at CPL 0
 * on some hypervisors movsb is ten times slower (README: platform notes).
 */
    .text
    .globl uaccess_start, uaccess_end, uaccess_fault
uaccess_start:

/* long hal_copy_user(void *dst, const void *src, uint64_t n) */
    .globl hal_copy_user
hal_copy_user:
    mov %rdx, %rcx
    shr $3, %rcx
    rep movsq
    mov %rdx, %rcx
    and $7, %rcx
    rep movsb
    xor %eax, %eax
    ret

/* long hal_strncpy_user(char *dst, const char *src, uint64_t max) */
    .globl hal_strncpy_user
hal_strncpy_user:
    xor %eax, %eax
1:  cmp %rdx, %rax
    je 2f
    movb (%rsi,%rax), %cl
    movb %cl, (%rdi,%rax)
    test %cl, %cl
    je 2f
    inc %rax
    jmp 1b
2:  ret

/* long hal_cmpxchg_user(uint32_t *uaddr, uint32_t old, uint32_t new,
 *                       uint32_t *cur): atomically, as the program's
 * other threads see it; *cur gets the value found. */
    .globl hal_cmpxchg_user
hal_cmpxchg_user:
    mov %esi, %eax
    lock cmpxchg %edx, (%rdi)
    mov %eax, (%rcx)
    xor %eax, %eax
    ret

uaccess_end:

uaccess_fault:
    mov $-14, %rax
    ret
