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

/* A host directory for the guest (-v, mounts.c). */
struct run_mount {
    char *host;  /* absolute, symlinks resolved */
    char *guest; /* 'r' or 'w', then the guest path: the args string */
    int ro;
};
/* Parse -v's argument: 0, or -1 after a message. */
int mount_parse(const char *spec, struct run_mount *m);
/* The default view of a dynamically linked program, when it has no
 * --fs (its -v directories come on top), or of any with force: the
 * host's /usr, /etc, /bin, /sbin and /lib*, which the guest may change
 * in memory only (mount kind 'o', an overlay), those that are symlinks
 * (a merged-/usr system) staying symlinks.
 * host_view_mounts adds the mounts of prog's view to m[0..*n) and says
 * 1, or 0 for a static program (no view), or -1 after a message;
 * host_view_links then adds the symlinks to the archive. */
int host_view_mounts(const char *prog, int force, struct run_mount *m,
                     int *n);
int host_view_links(struct archive *a);
/* Whether guest path gpath is in the view: the host's file is there. */
int host_view_has(const char *gpath);
/* p as an absolute guest path without . and .. (main.c). */
void guest_path_of(const char *p, char *out, size_t n);

/* Start with the args block (include/abi.h): guest_path, argv, envp, and
 * each mount's string.  0 or -1 (message printed). */
int archive_args(struct archive *a, const char *guest_path, int argc,
                 char *const *argv, int envc, char *const *envp,
                 int nmounts, const struct run_mount *mounts);
/* Add the regular file host_path as guest_path; align its data to a page
 * when align is set, so the kernel can map it without copying. */
int archive_add_file(struct archive *a, const char *guest_path,
                     const char *host_path, int align);
/* Add a symlink guest_path -> target. */
int archive_add_symlink(struct archive *a, const char *guest_path,
                        const char *target);
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
    const struct run_mount *mounts; /* -v: virtio-9p devices */
    int nmounts;
};
/* Run QEMU, relaying stdin in and stdout/stderr out (the framing in
 * include/abi.h).  Returns the program's exit status, or UK_STATUS_VMM
 * after one line on stderr.  With print_only, prints QEMU's command line
 * as one shell-quoted line on stdout instead, and returns 0. */
int qemu_run(const struct qemu_config *cfg);

#endif
