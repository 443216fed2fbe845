/* SPDX-License-Identifier: MIT */
/* The auxiliary vector: only properties that hold on every Linux. */
#include "t.h"
#include <elf.h>
#include <sys/auxv.h>

int main(int argc, char **argv)
{
    (void)argc;
    printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
    printf("AT_PAGESZ == sysconf: %s\n",
           getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE) ?
               "yes" : "no");
    FACT("AT_PHNUM > 0", getauxval(AT_PHNUM) > 0);
    printf("AT_PHENT = %lu\n", getauxval(AT_PHENT));
    FACT("AT_PHDR != 0", getauxval(AT_PHDR) != 0);
    FACT("AT_ENTRY != 0", getauxval(AT_ENTRY) != 0);
    /* the first phdr of a static executable is PT_PHDR or PT_LOAD */
    const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
    int has_load = 0;
    for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
        has_load |= ph[i].p_type == PT_LOAD;
    FACT("phdrs readable with PT_LOAD", has_load);
    /* 0 for a static program, else where ld.so is (which ASLR moves) */
    const unsigned char *base = (const unsigned char *)getauxval(AT_BASE);
    if (base)
        printf("AT_BASE is an ELF header: %s\n",
               memcmp(base, "\177ELF", 4) ? "no" : "yes");
    else
        printf("AT_BASE = 0\n");
    printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
    printf("AT_CLKTCK = %lu\n", getauxval(AT_CLKTCK));
    FACT("AT_HWCAP != 0", getauxval(AT_HWCAP) != 0);
    FACT("AT_UID == getuid", getauxval(AT_UID) == getuid());
    FACT("AT_EUID == geteuid", getauxval(AT_EUID) == geteuid());
    FACT("AT_GID == getgid", getauxval(AT_GID) == getgid());
    FACT("AT_EGID == getegid", getauxval(AT_EGID) == getegid());
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nz = 0;
    for (int i = 0; rnd && i < 16; i++)
        nz |= rnd[i];
    FACT("AT_RANDOM != NULL", rnd != NULL);
    FACT("AT_RANDOM 16 bytes not all zero", nz);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    FACT("AT_EXECFN == argv[0]", fn && strcmp(fn, argv[0]) == 0);
    const char *pl = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM = %s\n", pl ? pl : "(null)");
    errno = 0;
    unsigned long v = getauxval(12345);
    printf("unknown type = %lu errno %s\n", v, t_errname(errno));
    return 0;
}
