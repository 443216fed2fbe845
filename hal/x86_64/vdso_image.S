/* SPDX-License-Identifier: MIT */
/* The vDSO's image (hal/x86_64/vdso/), page aligned, for kernel/vdso.c to
 * map into the program. */
    .section .rodata
    .balign 4096
    .globl vdso_image, vdso_image_end
vdso_image:
    .incbin VDSO_SO
    .balign 4096
vdso_image_end:
