/* SPDX-License-Identifier: MIT */
/*
 * Code without any symbols (the test strips it): a syscall in a function
 * only reached by call, and one behind a desynchronising byte.  It is
 * only scanned, never run.
 * EXPECT 1 write, 60 exit, 231 exit_group
 * UNRESOLVED 1
 */
	.text
	.globl _start
_start:
	mov $1, %edi
	call 1f
	jmp 2f
	.byte 0x48, 0xb8	/* movabs $imm64, %rax: swallows 8 bytes */
2:	mov $231, %eax
	syscall
1:	mov %edi, %eax		/* number passed in edi: unresolved site */
	syscall
	mov $60, %eax
	syscall
