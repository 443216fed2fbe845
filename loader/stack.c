/* SPDX-License-Identifier: MIT */
/* The initial process stack; see stack.h for the layout. */
#include "loader/stack.h"

static const char PLATFORM[] = "x86_64";

/* User addresses of each part, for a given user_top. */
struct layout {
    uint64_t arg_len, env_len, exec_len, nwords;
    uint64_t top, execfn, env_start, arg_start, platform, random, rsp, size;
};

static bool add_len(uint64_t *acc, uint64_t v)
{
    if (v > UINT64_MAX - *acc)
        return false;
    *acc += v;
    return true;
}

/* Length of string i of v, from lens when given. */
static uint64_t slen(const char *const *v, const uint64_t *lens, int i)
{
    return lens ? lens[i] : (uint64_t)strlen(v[i]);
}

static bool strings_len(int n, const char *const *v, const uint64_t *lens,
                        uint64_t *len)
{
    *len = 0;
    if (n > 0 && !v)
        return false;
    for (int i = 0; i < n; i++)
        if (!v[i] || !add_len(len, slen(v, lens, i) + 1))
            return false;
    return true;
}

static int plan(const struct stack_args *a, uint64_t user_top, struct layout *l)
{
    uint64_t total = 8 + 15 + sizeof(PLATFORM) + 16 + 15;

    if (!a || a->argc < 0 || a->envc < 0 || !a->random16 ||
        !strings_len(a->argc, a->argv, a->argv_len, &l->arg_len) ||
        !strings_len(a->envc, a->envp, a->envp_len, &l->env_len))
        return -EINVAL;
    l->exec_len = strlen(a->execfn ? a->execfn : "") + 1;
    l->nwords =
        1 + ((uint64_t)a->argc + 1) + ((uint64_t)a->envc + 1) + 2 * STACK_NAUXV;
    if (!add_len(&total, l->arg_len) || !add_len(&total, l->env_len) ||
        !add_len(&total, l->exec_len) || !add_len(&total, l->nwords * 8) ||
        total > (1ULL << 62))
        return -E2BIG;

    /* Modular arithmetic: total is small, so nothing below really wraps. */
    l->top = ALIGN_DOWN(user_top, 16);
    l->execfn = l->top - 8 - l->exec_len;
    l->env_start = l->execfn - l->env_len;
    l->arg_start = l->env_start - l->arg_len;
    l->platform = ALIGN_DOWN(l->arg_start, 16) - sizeof(PLATFORM);
    l->random = l->platform - 16;
    l->rsp = ALIGN_DOWN(l->random - l->nwords * 8, 16);
    l->size = user_top - l->rsp;
    return 0;
}

uint64_t stack_size(const struct stack_args *a)
{
    struct layout l;
    if (plan(a, 0, &l))
        return 0;
    return l.size;
}

/* Copy n strings to kernel address k, returning the address after them. */
static uint8_t *put_strings(uint8_t *k, int n, const char *const *v,
                            const uint64_t *lens)
{
    for (int i = 0; i < n; i++) {
        size_t len = slen(v, lens, i) + 1;
        memcpy(k, v[i], len);
        k += len;
    }
    return k;
}

/* Whether all argv and envp strings, lengths known, lie back to back in
 * memory, so one copy moves them all. */
static bool contiguous(const struct stack_args *a)
{
    if (!a->argv_len || !a->envp_len || a->argc + a->envc == 0)
        return false;
    const char *next = NULL;
    for (int i = 0; i < a->argc + a->envc; i++) {
        bool arg = i < a->argc;
        const char *s = arg ? a->argv[i] : a->envp[i - a->argc];
        if (next && s != next)
            return false;
        next = s + (arg ? a->argv_len[i] : a->envp_len[i - a->argc]) + 1;
    }
    return true;
}

/* Write n pointers to consecutive user strings starting at user address u. */
static uint8_t *put_ptrs(uint8_t *k, int n, const char *const *v,
                         const uint64_t *lens, uint64_t u)
{
    /* __builtin_memcpy: one store, even where -ffreestanding makes
     * memcpy a call. */
    for (int i = 0; i < n; i++, k += 8) {
        __builtin_memcpy(k, &u, 8);
        u += slen(v, lens, i) + 1;
    }
    __builtin_memset(k, 0, 8);
    return k + 8;
}

static uint8_t *put_aux(uint8_t *k, uint64_t type, uint64_t val)
{
    __builtin_memcpy(k, &type, 8);
    __builtin_memcpy(k + 8, &val, 8);
    return k + 16;
}

int stack_build_info(void *kbuf, uint64_t bufsize, uint64_t user_top,
                     const struct stack_args *a, struct stack_info *si)
{
    struct layout l;
    int err;

    if (!kbuf || !si || user_top < bufsize)
        return -EINVAL;
    if ((err = plan(a, user_top, &l)))
        return err;
    if (l.size > bufsize)
        return -E2BIG;

    uint64_t base = user_top - bufsize; /* user address of kbuf[0] */
    uint8_t *k = (uint8_t *)kbuf + (l.rsp - base);
    /* Zero what the strings below do not overwrite: the vectors, random
     * bytes, platform string and padding, and the 8 bytes at the top. */
    memset(k, 0, l.arg_start - l.rsp);
    memset((uint8_t *)kbuf + (l.top - 8 - base), 0, 8);

    uint8_t *ks = (uint8_t *)kbuf + (l.arg_start - base);
    if (contiguous(a))
        ks = (uint8_t *)memcpy(ks, a->argc ? a->argv[0] : a->envp[0],
                               l.arg_len + l.env_len) +
             l.arg_len + l.env_len;
    else {
        ks = put_strings(ks, a->argc, a->argv, a->argv_len);
        ks = put_strings(ks, a->envc, a->envp, a->envp_len);
    }
    memcpy(ks, a->execfn ? a->execfn : "", l.exec_len);
    memcpy((uint8_t *)kbuf + (l.platform - base), PLATFORM, sizeof(PLATFORM));
    memcpy((uint8_t *)kbuf + (l.random - base), a->random16, 16);

    uint64_t argc = (uint64_t)a->argc;
    memcpy(k, &argc, 8);
    k = put_ptrs(k + 8, a->argc, a->argv, a->argv_len, l.arg_start);
    k = put_ptrs(k, a->envc, a->envp, a->envp_len, l.env_start);
    k = put_aux(k, STACK_AT_SYSINFO_EHDR, a->sysinfo_ehdr);
    k = put_aux(k, STACK_AT_MINSIGSTKSZ, a->minsigstksz);
    k = put_aux(k, STACK_AT_HWCAP, a->hwcap);
    k = put_aux(k, STACK_AT_PAGESZ, a->pagesz);
    k = put_aux(k, STACK_AT_CLKTCK, a->clktck);
    k = put_aux(k, STACK_AT_PHDR, a->phdr);
    k = put_aux(k, STACK_AT_PHENT, a->phent);
    k = put_aux(k, STACK_AT_PHNUM, a->phnum);
    k = put_aux(k, STACK_AT_BASE, a->base);
    k = put_aux(k, STACK_AT_FLAGS, 0);
    k = put_aux(k, STACK_AT_ENTRY, a->entry);
    k = put_aux(k, STACK_AT_UID, a->uid);
    k = put_aux(k, STACK_AT_EUID, a->euid);
    k = put_aux(k, STACK_AT_GID, a->gid);
    k = put_aux(k, STACK_AT_EGID, a->egid);
    k = put_aux(k, STACK_AT_SECURE, a->secure);
    k = put_aux(k, STACK_AT_RANDOM, l.random);
    k = put_aux(k, STACK_AT_HWCAP2, a->hwcap2);
    k = put_aux(k, STACK_AT_EXECFN, l.execfn);
    k = put_aux(k, STACK_AT_PLATFORM, l.platform);
    put_aux(k, STACK_AT_NULL, 0);

    si->rsp = l.rsp;
    si->arg_start = l.arg_start;
    si->arg_end = si->env_start = l.env_start;
    si->env_end = l.execfn;
    si->execfn = l.execfn;
    si->random = l.random;
    si->platform = l.platform;
    return 0;
}

int stack_build(void *kbuf, uint64_t bufsize, uint64_t user_top,
                const struct stack_args *a, uint64_t *user_rsp)
{
    struct stack_info si;
    int err = stack_build_info(kbuf, bufsize, user_top, a, &si);
    if (!err && user_rsp)
        *user_rsp = si.rsp;
    return err;
}
