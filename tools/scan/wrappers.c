/* SPDX-License-Identifier: MIT */
/*
 * Symbols: which function encloses an address, and which functions are
 * generic syscall wrappers, whose number comes from their callers at run
 * time.  For the wrappers with a documented calling convention the
 * register holding the number at entry is known, so their direct callers
 * can be resolved even when the wrapper itself spills the number to the
 * stack (Go's syscall.Syscall does, around runtime.entersyscall).
 */
#include <string.h>

#include "tools/scan/step.h"

#define BACK 64 /* symbols looked at before an address */

struct wrapper {
    const char *name;
    int reg; /* family of the number at entry, -1 if unknown */
    int go;  /* the register is Go's ABIInternal (Go 1.17+) */
};

static const struct wrapper wrappers[] = {
    /* glibc and musl: long syscall(long number, ...) */
    {"syscall", SCAN_RDI, 0},
    {"__syscall", -1, 0},
    /* musl: __syscall_cp(nr, ...), __syscall_cp_c(nr, ...),
     * __syscall_cp_asm(&cancel, nr, ...) */
    {"__syscall_cp", SCAN_RDI, 0},
    {"__syscall_cp_c", SCAN_RDI, 0},
    {"__syscall_cp_asm", SCAN_RSI, 0},
    /* Go: func Syscall(trap, a1, a2, a3 uintptr), trap in AX */
    {"runtime.Syscall", -1, 1},
    {"syscall.Syscall", SCAN_RAX, 1},
    {"syscall.Syscall6", SCAN_RAX, 1},
    {"syscall.RawSyscall", SCAN_RAX, 1},
    {"syscall.RawSyscall6", SCAN_RAX, 1},
    {"syscall.rawSyscallNoError", SCAN_RAX, 1},
    {"syscall.RawSyscallNoError", SCAN_RAX, 1},
    {"syscall.rawVforkSyscall", SCAN_RAX, 1},
    {"runtime/internal/syscall.Syscall6", SCAN_RAX, 1},
    {"internal/runtime/syscall.Syscall6", SCAN_RAX, 1},
    {"internal/runtime/syscall/linux.Syscall6", SCAN_RAX, 1},
};

#define NWRAPPERS (sizeof(wrappers) / sizeof(wrappers[0]))

/* The wrapper named name, or name without Go's ".abi0" suffix (abi0 is
 * then 1: the stack-based ABI, whose register is unknown). */
static const struct wrapper *find_wrapper(const char *name, int *abi0)
{
    size_t len = strlen(name);
    *abi0 = len > 5 && strcmp(name + len - 5, ".abi0") == 0;
    if (*abi0)
        len -= 5;
    for (size_t i = 0; i < NWRAPPERS; i++)
        if (strlen(wrappers[i].name) == len &&
            strncmp(wrappers[i].name, name, len) == 0)
            return &wrappers[i];
    return NULL;
}

/* Index of the last symbol at or before addr, or SIZE_MAX. */
static size_t last_at_or_before(const struct scan_image *img, uint64_t addr)
{
    size_t lo = 0, hi = img->nsyms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : SIZE_MAX;
}

/* Does symbol s enclose addr?  A sized symbol must cover it; an unsized
 * one (an assembly label) must be the nearest symbol before it. */
static int encloses(const struct scan_image *img, size_t k,
                    const struct scan_sym *s, uint64_t addr)
{
    if (s->size)
        return addr - s->addr < s->size;
    return s->addr == img->syms[k].addr;
}

const char *scan_symbol_at(const struct scan_image *img, uint64_t addr)
{
    size_t k = last_at_or_before(img, addr);
    const struct scan_sym *best = NULL;
    if (k == SIZE_MAX)
        return "?";
    for (size_t i = k + 1, n = 0; i-- > 0 && n < BACK; n++) {
        const struct scan_sym *s = &img->syms[i];
        if (!encloses(img, k, s, addr))
            continue;
        int f = s->type == STT_FUNC, bf = best && best->type == STT_FUNC;
        if (!best || f > bf || (f == bf && s->addr > best->addr))
            best = s; /* functions first, then the nearest */
    }
    if (best && !best->size && img->syms[k].size &&
        addr - img->syms[k].addr >= img->syms[k].size)
        best = NULL; /* past the end of a sized symbol */
    return best ? best->name : "?";
}

const char *scan_wrapper_at(const struct scan_image *img, uint64_t addr)
{
    size_t k = last_at_or_before(img, addr);
    int abi0;
    if (k == SIZE_MAX)
        return NULL;
    for (size_t i = k + 1, n = 0; i-- > 0 && n < BACK; n++) {
        const struct scan_sym *s = &img->syms[i];
        if (encloses(img, k, s, addr) && find_wrapper(s->name, &abi0))
            return s->name;
    }
    return NULL;
}

/* Functions that never return: the code after a call to one is not
 * reached from the call. */
static const char *const noreturn_names[] = {
    "abort",
    "exit",
    "_exit",
    "_Exit",
    "quick_exit",
    "__libc_fatal",
    "__libc_message",
    "__assert_fail",
    "__assert_perror_fail",
    "__stack_chk_fail",
    "__stack_chk_fail_local",
    "__fortify_fail",
    "__chk_fail",
    "__malloc_assert",
    "longjmp",
    "siglongjmp",
    "_longjmp",
    "__longjmp_chk",
    "__libc_longjmp",
    "pthread_exit",
    "__pthread_exit",
    "__pthread_unwind",
    "__pthread_unwind_next",
    "_dl_signal_error",
    "_dl_fatal_printf",
    "err",
    "errx",
    "verr",
    "verrx",
    "__cxa_throw",
    "__cxa_rethrow",
    "_Unwind_Resume",
    "xfunc_die",
    "bb_show_usage",
    "runtime.throw",
    "runtime.fatal",
    "runtime.fatalthrow",
    "runtime.gopanic",
    "runtime.exit",
};

static int noreturn_name(const char *name)
{
    static const char *const prefixes[] = {"runtime.panic", "runtime.goPanic"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof(noreturn_names) / sizeof(char *); i++)
        if (strcmp(name, noreturn_names[i]) == 0)
            return 1;
    for (size_t i = 0; i < 2; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return len > 8 && strcmp(name + len - 8, "_and_die") == 0; /* busybox */
}

int scan_noreturn_at(const struct scan_image *img, uint64_t addr)
{
    for (size_t k = last_at_or_before(img, addr);
         k != SIZE_MAX && img->syms[k].addr == addr; k--) {
        if (noreturn_name(img->syms[k].name))
            return 1;
        if (k == 0)
            break;
    }
    return 0;
}

int scan_wrapper_entry(const struct scan_image *img, size_t *i, uint64_t *entry,
                       int *reg)
{
    int abi0;
    for (; *i < img->nsyms; (*i)++) {
        const struct scan_sym *s = &img->syms[*i];
        const struct wrapper *w = find_wrapper(s->name, &abi0);
        if (!w || abi0 || w->reg < 0 || (w->go && !img->go_regabi))
            continue;
        *entry = s->addr;
        *reg = w->reg;
        (*i)++;
        return 1;
    }
    return 0;
}
