/* SPDX-License-Identifier: MIT */
/*
 * The initial process stack, laid out exactly as Linux x86-64 does, from the
 * lowest address (rsp, 16-byte aligned) up:
 *   argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL, auxv pairs, AT_NULL,
 *   padding, 16 AT_RANDOM bytes, "x86_64", padding,
 *   argv strings, envp strings, execfn string, 8 zero bytes, user_top.
 */
#ifndef UK_LOADER_STACK_H
#define UK_LOADER_STACK_H

#include "kernel/kernel.h"

#define STACK_AT_NULL 0
#define STACK_AT_PHDR 3
#define STACK_AT_PHENT 4
#define STACK_AT_PHNUM 5
#define STACK_AT_PAGESZ 6
#define STACK_AT_BASE 7
#define STACK_AT_FLAGS 8
#define STACK_AT_ENTRY 9
#define STACK_AT_UID 11
#define STACK_AT_EUID 12
#define STACK_AT_GID 13
#define STACK_AT_EGID 14
#define STACK_AT_PLATFORM 15
#define STACK_AT_HWCAP 16
#define STACK_AT_CLKTCK 17
#define STACK_AT_SECURE 23
#define STACK_AT_RANDOM 25
#define STACK_AT_HWCAP2 26
#define STACK_AT_EXECFN 31
#define STACK_AT_SYSINFO_EHDR 33
#define STACK_AT_MINSIGSTKSZ 51
#define STACK_NAUXV 21 /* pairs written, AT_NULL included */

struct stack_args {
    int argc;
    const char *const *argv; /* argc non-NULL strings */
    int envc;
    const char *const *envp; /* envc non-NULL strings */
    /* Optional: strlen of each argv / envp string, when the caller knows
     * them already (it saves passes over the bytes); NULL: measured. */
    const uint64_t *argv_len, *envp_len;
    const char *execfn;      /* AT_EXECFN string; NULL means "" */
    const uint8_t *random16; /* 16 bytes for AT_RANDOM */
    uint64_t phdr, phent, phnum, entry, base; /* already biased */
    uint64_t hwcap, hwcap2, pagesz, clktck, minsigstksz;
    uint64_t uid, euid, gid, egid, secure;
    uint64_t sysinfo_ehdr; /* the vDSO's ELF header, or 0 */
};

/* Where stack_build put things, for /proc/self/cmdline and environ. */
struct stack_info {
    uint64_t rsp;                /* argc */
    uint64_t arg_start, arg_end; /* argv strings, NULs included */
    uint64_t env_start, env_end; /* envp strings, NULs included */
    uint64_t execfn, random, platform;
};

/*
 * Bytes of stack that stack_build needs below a 16-byte-aligned user_top
 * (strings + vectors + alignment; add user_top % 16 for any other top), or 0
 * if *a is invalid (negative counts, a NULL string or vector, no random16,
 * sizes that overflow).
 */
uint64_t stack_size(const struct stack_args *a);

/*
 * Write the initial stack into kbuf, a kernel buffer that will appear in the
 * program at user addresses [user_top - bufsize, user_top).  Returns 0 and
 * sets *user_rsp, -E2BIG if it does not fit, or -EINVAL if *a is invalid or
 * user_top < bufsize.  All pointers written are user addresses; kbuf needs no
 * particular alignment.  Bytes of kbuf below rsp are left untouched.
 */
int stack_build(void *kbuf, uint64_t bufsize, uint64_t user_top,
                const struct stack_args *a, uint64_t *user_rsp);

/* stack_build that also reports where each part went (si must not be NULL). */
int stack_build_info(void *kbuf, uint64_t bufsize, uint64_t user_top,
                     const struct stack_args *a, struct stack_info *si);

#endif
