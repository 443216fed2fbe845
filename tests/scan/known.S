/* SPDX-License-Identifier: MIT */
/*
 * A program whose syscalls are known exactly, for tests/unit/test_scan:
 * each block below is one resolution case; EXPECT lines list what ./scan
 * must report (the test reads them from this file).  It is only scanned,
 * never run.  Built with gcc -nostdlib -static.
 */
	.text
	.globl _start
_start:
	/* EXPECT 60 exit: an immediate */
	mov $60, %eax
	syscall

	/* EXPECT 39 getpid: register to register */
	mov $1, %edi
	mov $39, %edi
	mov %edi, %eax
	syscall

	/* EXPECT 0 read: xor */
	xor %eax, %eax
	syscall

	/* EXPECT 102 getuid: set before a branch that merges again */
	mov $102, %eax
	test %edi, %edi
	jz 1f
	mov $1, %ebx
1:	syscall

	/* EXPECT 104 getgid, 107 geteuid: two paths, two numbers */
	test %edi, %edi
	jz 2f
	mov $104, %eax
	jmp 3f
2:	mov $107, %eax
3:	syscall

	/* EXPECT 110 getppid: lea of an absolute address */
	lea 110, %eax
	syscall

	/* EXPECT 111 getpgrp: add to a constant */
	mov $100, %eax
	add $11, %eax
	syscall

	/* EXPECT 186 gettid: push and pop */
	push $186
	pop %rax
	syscall

	/* EXPECT 4000 unknown-4000: beyond the table, counts as missing */
	mov $4000, %eax
	syscall

	/* EXPECT 201 time, 63 uname: callers of the wrappers below */
	mov $201, %edi
	call syscall
	mov $63, %esi
	call do_syscall

	/* UNRESOLVED memory: rax loaded from memory */
	mov number(%rip), %eax
	syscall

	/* UNRESOLVED call: rax is what the call returned */
	call get_number
	syscall

	/* EXPECT 96 gettimeofday: hidden from the linear sweep */
	jmp 4f
	.byte 0xb8		/* mov $imm32, %eax: swallows what follows */
4:	mov $96, %eax
	syscall

	/* UNRESOLVED indirect: reached only through jmp *%rcx */
	lea 5f(%rip), %rcx
	jmp *%rcx
5:	syscall
	hlt

	/* UNRESOLVED wrapper syscall: long syscall(long nr, ...) */
	.globl syscall
	.type syscall, @function
syscall:
	mov %rdi, %rax
	mov %rsi, %rdi
	syscall
	ret
	.size syscall, . - syscall

	/* UNRESOLVED argument: not a known wrapper, number in esi */
	.type do_syscall, @function
do_syscall:
	mov %esi, %eax
	syscall
	ret
	.size do_syscall, . - do_syscall

get_number:
	mov $39, %eax
	ret

	.data
number:	.long 39
