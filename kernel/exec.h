/* SPDX-License-Identifier: MIT */
/*
 * Loading a program into the address space (kernel/exec.c): at boot
 * (exec_start, kernel/boot.h) and by execve (syscall/exec.c).
 */
#ifndef UK_EXEC_H
#define UK_EXEC_H

#include <stdint.h>

#include "kernel/boot.h"
#include "loader/elf.h"

struct file;

/* A program file, parsed and checked, not yet mapped. */
struct exec_image {
    struct file *file;  /* a reference */
    const uint8_t *img; /* the whole file */
    uint64_t size;
    uint8_t *copy;      /* img, when the file had to be read into memory */
    struct elf_info ei;
    int lazy; /* copy holds the headers only: map the file, fault it in */
};

/* How many `#!` scripts may name the next as their interpreter. */
#define EXEC_SCRIPT_DEPTH 4 /* Linux's BINPRM_MAX_RECURSION */
/* If open file f is a #! script: the arguments to run it with, as Linux
 * builds them (the path becomes the interpreter; argv its path, its one
 * optional argument, x->path, then x's argv[1..]; the environment
 * stays).  One allocation, which holds the line's strings: kfree it when
 * done.  NULL with *err 0 (no script), -ENOEXEC or -ENOMEM. */
struct exec_args *exec_script_args(struct file *f, const struct exec_args *x,
                                   int *err);
/* Read and check open file f as an ELF program: 0 (im->ei.has_interp set
 * when it names an interpreter), or -ENOEXEC (*why says why), -EACCES (not
 * a regular file), -EIO, -ENOMEM.  Nothing is mapped yet. */
int exec_open(struct file *f, struct exec_image *im, const char **why);
/* The interpreter (PT_INTERP, ld.so) that im names, from the guest's file
 * system, opened and checked into *in: 0, or the error of opening it
 * (-ENOENT when it is missing), or -ELIBBAD when it is not an ELF that
 * can be one (*why says why), as on Linux. */
int exec_open_interp(const struct exec_image *im, struct exec_image *in,
                     const char **why);
void exec_close(struct exec_image *im);
/* The stack bytes x's arguments and environment take: more than a
 * quarter of the stack is E2BIG. */
uint64_t exec_stack_need(const struct exec_args *x);
/* Map im into an empty address space, with its interpreter in (NULL for
 * a static program) where mmap would put it, the vDSO and a stack holding
 * x's arguments and environment (x->path is AT_EXECFN): *entry (the
 * interpreter's, if any) and *rsp to start it.  0, or -E2BIG or -ENOMEM
 * with the space partly built. */
int exec_map(struct exec_image *im, struct exec_image *in,
             const struct exec_args *x, uint64_t *entry, uint64_t *rsp);

#endif
