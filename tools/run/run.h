/* SPDX-License-Identifier: MIT */
/* The launcher's parts: boot archive (archive.c), QEMU (qemu.c). */
#ifndef UK_RUN_H
#define UK_RUN_H

#include <stddef.h>
#include <stdint.h>

/* A growing buffer: the args block followed by a cpio (newc) archive. */
struct archive {
    uint8_t *buf;
    size_t len, cap;
    uint32_t ino;
};

/* Start with the args block (include/abi.h).  0 or -1 (message printed). */
int archive_args(struct archive *a, const char *guest_path, int argc,
                 char *const *argv, int envc, char *const *envp);
/* Add the regular file host_path as guest_path; align its data to a page
 * when align is set, so the kernel can map it without copying. */
int archive_add_file(struct archive *a, const char *guest_path,
                     const char *host_path, int align);
/* Add everything under host_dir as the guest root (--fs). */
int archive_add_tree(struct archive *a, const char *host_dir);
/* Append the trailer and pad to a page. */
int archive_finish(struct archive *a);

struct qemu_config {
    const char *kernel_path;
    const char *firmware_path; /* -bios: tools/firmware's */
    const char *accel; /* "kvm" or "tcg" */
    uint64_t mem_size;
    const void *initrd;
    uint64_t initrd_size;
    const char *cmdline;
    int report_fd; /* where the syscall report goes; 0: nowhere */
    unsigned ncpus; /* -smp */
    char **extra; /* more words for QEMU's command line (--qemu-arg) */
    int nextra;
    int print_only; /* print the command line and start nothing */
};
/* Run QEMU, relaying stdin in and stdout/stderr out (the framing in
 * include/abi.h).  Returns the program's exit status, or UK_STATUS_VMM
 * after one line on stderr.  With print_only, prints QEMU's command line
 * as one shell-quoted line on stdout instead, and returns 0. */
int qemu_run(const struct qemu_config *cfg);

#endif
