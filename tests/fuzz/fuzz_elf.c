/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for loader/: every input goes through elf_parse, whose
 * result must keep the promises in fuzz_elf_check.h, and is also cut into
 * strings that become argv/envp for stack_build, whose output is read back.
 * Build and run with `make fuzz-elf`.
 */
#include "loader/elf.h"
#include "loader/stack.h"
#include "tests/fuzz/fuzz_elf_check.h"

#define MAX_STRS 512

static void fuzz_stack(const uint8_t *data, size_t size)
{
    static const char *strs[MAX_STRS];
    static uint8_t kbuf[16384];
    uint8_t rnd[16] = {1, 2, 3};
    if (size < 4)
        return;
    uint64_t bufsize = (data[0] | (uint64_t)data[1] << 8) % sizeof(kbuf);
    uint64_t top = 0x7ffffffff000ULL - data[2];
    int envc = data[3] % 8;

    char *text = malloc(size - 4 + 1);
    memcpy(text, data + 4, size - 4);
    text[size - 4] = 0;
    int n = 0;
    for (char *p = text; p < text + size - 4 && n < MAX_STRS; n++)
        p += strlen(strs[n] = p) + 1;
    if (envc > n)
        envc = n;
    struct stack_args a = {
        .argc = n - envc,
        .argv = strs,
        .envc = envc,
        .envp = strs + n - envc,
        .execfn = n ? strs[0] : NULL,
        .random16 = rnd,
        .pagesz = 4096,
    };
    struct stack_info si;
    uint64_t need = stack_size(&a);
    int r = stack_build_info(kbuf, bufsize, top, &a, &si);
    /* An unaligned top costs exactly top % 16 more bytes. */
    if (need == 0 || (r != 0 && r != -E2BIG) ||
        (r == 0) != (need + top % 16 <= bufsize))
        abort();
    if (r == 0) {
        uint64_t base = top - bufsize, v;
        if (si.rsp % 16 || si.rsp < base)
            abort();
        memcpy(&v, kbuf + (si.rsp - base), 8);
        if (v != (uint64_t)a.argc)
            abort();
        for (int i = 0; i < n; i++) {
            int slot = i < a.argc ? 1 + i : 2 + i;
            memcpy(&v, kbuf + (si.rsp - base) + 8 * slot, 8);
            if (v < base || v >= top ||
                strcmp((char *)kbuf + (v - base), strs[i]) != 0)
                abort();
        }
        if (memcmp(kbuf + (si.random - base), rnd, 16) != 0)
            abort();
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_info in;
    const char *why = NULL;
    int r = elf_parse(data, size, &in, &why);
    if (r != 0 && r != -ENOEXEC)
        abort();
    if (!why || (r != 0 && !why[0]))
        abort();
    if ((r == 0 || in.has_interp) && fuzz_elf_check(size, &in)) {
        fprintf(stderr, "fuzz_elf: %s\n", fuzz_elf_check(size, &in));
        abort();
    }
    fuzz_stack(data, size);
    return 0;
}
