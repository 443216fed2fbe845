/* SPDX-License-Identifier: MIT */
/* The corpus of malformed ELF images; see bad_elfs.h. */
#include "tests/unit/bad_elfs.h"

#define BASE 0x400000ULL
#define PAGE 0x1000ULL

/* mov $60,%eax; xor %edi,%edi; syscall */
static const uint8_t exit0[] = {0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05};
static const char interp[] = "/lib64/ld-linux-x86-64.so.2";

struct elf_ehdr *bad_elf_eh(struct bad_elf_img *m)
{
    return (struct elf_ehdr *)m->buf;
}

struct elf_phdr *bad_elf_ph(struct bad_elf_img *m, int i)
{
    return (struct elf_phdr *)(m->buf + 64 + 56 * i);
}

static void set_ph(struct bad_elf_img *m, int i, uint32_t type, uint32_t flags,
                   uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz)
{
    struct elf_phdr *p = bad_elf_ph(m, i);
    p->p_type = type;
    p->p_flags = flags;
    p->p_offset = off;
    p->p_vaddr = p->p_paddr = va;
    p->p_filesz = filesz;
    p->p_memsz = memsz;
    p->p_align = type == ELF_PT_LOAD ? PAGE : 8;
}

void bad_elf_base(struct bad_elf_img *m)
{
    memset(m, 0, sizeof(*m));
    struct elf_ehdr *e = bad_elf_eh(m);
    memcpy(e->e_ident, "\177ELF\2\1\1", 7);
    e->e_type = ELF_ET_EXEC;
    e->e_machine = ELF_EM_X86_64;
    e->e_version = 1;
    e->e_entry = BASE + PAGE;
    e->e_phoff = 64;
    e->e_ehsize = 64;
    e->e_phentsize = 56;
    e->e_phnum = 5;
    set_ph(m, 0, ELF_PT_PHDR, ELF_PF_R, 64, BASE + 64, 5 * 56, 5 * 56);
    set_ph(m, 1, ELF_PT_LOAD, ELF_PF_R, 0, BASE, PAGE, PAGE);
    set_ph(m, 2, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, PAGE, BASE + PAGE, PAGE,
           PAGE);
    set_ph(m, 3, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 2 * PAGE, BASE + 2 * PAGE,
           0x100, 3 * PAGE);
    set_ph(m, 4, ELF_PT_GNU_STACK, ELF_PF_R | ELF_PF_W, 0, 0, 0, 0);
    memcpy(m->buf + PAGE, exit0, sizeof(exit0));
    memset(m->buf + 2 * PAGE, 0x5a, 0x100);
    m->size = 2 * PAGE + 0x100;
}

/* Put the interpreter string at 0x1f00 and a PT_INTERP in slot i. */
static void add_interp(struct bad_elf_img *m, int i)
{
    memcpy(m->buf + 0x1f00, interp, sizeof(interp));
    set_ph(m, i, ELF_PT_INTERP, ELF_PF_R, 0x1f00, BASE + 0x1f00, sizeof(interp),
           sizeof(interp));
    if (bad_elf_eh(m)->e_phnum <= i)
        bad_elf_eh(m)->e_phnum = i + 1;
}

/* n loads, one page each; the second is the code. */
static void many_loads(struct bad_elf_img *m, int n)
{
    bad_elf_eh(m)->e_phnum = n;
    for (int i = 0; i < n; i++)
        set_ph(m, i, ELF_PT_LOAD, ELF_PF_R, 0, BASE + i * PAGE, 0, PAGE);
    set_ph(m, 1, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, PAGE, BASE + PAGE, PAGE,
           PAGE);
}

#define EH bad_elf_eh(m)
#define PH(i) bad_elf_ph(m, i)
#define CASE(name, why, ...)                                                   \
    static void make_##name(struct bad_elf_img *m)                             \
    {                                                                          \
        bad_elf_base(m);                                                       \
        __VA_ARGS__;                                                           \
    }
#include "tests/unit/bad_elfs.def"
#undef CASE

const struct bad_elf_case bad_elf_cases[] = {
#define CASE(name, why, ...) {#name, why, make_##name},
#include "tests/unit/bad_elfs.def"
#undef CASE
};
const int bad_elf_ncases = NELEM(bad_elf_cases);
