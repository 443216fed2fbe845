/* SPDX-License-Identifier: MIT */
/*
 * /proc/cpuinfo for the one processor, from CPUID, in Linux's x86 format
 * and with Linux's names and order for the feature flags.
 */
#include "hal/hal.h"
#include "kernel/fs/file.h"

/* Where a flag's bit lives, in the order Linux prints its words. */
enum {
    W_1D,  /* leaf 1 edx */
    W_E1D, /* leaf 0x80000001 edx */
    W_SYN, /* Linux's own: bit 0 invariant TSC, bit 1 always */
    W_1C,  /* leaf 1 ecx */
    W_E1C, /* leaf 0x80000001 ecx */
    W_7B,  /* leaf 7 ebx */
    W_D1A, /* leaf 0xd.1 eax */
    W_71A, /* leaf 7.1 eax */
    W_6A,  /* leaf 6 eax */
    W_7C,  /* leaf 7 ecx */
    W_7D,  /* leaf 7 edx */
    W_COUNT,
};

/* clang-format off */
static const struct {
    uint8_t word, bit;
    const char *name;
} flags[] = {
    {W_1D, 0, "fpu"}, {W_1D, 1, "vme"}, {W_1D, 2, "de"}, {W_1D, 3, "pse"},
    {W_1D, 4, "tsc"}, {W_1D, 5, "msr"}, {W_1D, 6, "pae"}, {W_1D, 7, "mce"},
    {W_1D, 8, "cx8"}, {W_1D, 9, "apic"}, {W_1D, 11, "sep"},
    {W_1D, 12, "mtrr"}, {W_1D, 13, "pge"}, {W_1D, 14, "mca"},
    {W_1D, 15, "cmov"}, {W_1D, 16, "pat"}, {W_1D, 17, "pse36"},
    {W_1D, 18, "pn"}, {W_1D, 19, "clflush"}, {W_1D, 21, "dts"},
    {W_1D, 22, "acpi"}, {W_1D, 23, "mmx"}, {W_1D, 24, "fxsr"},
    {W_1D, 25, "sse"}, {W_1D, 26, "sse2"}, {W_1D, 27, "ss"},
    {W_1D, 28, "ht"}, {W_1D, 29, "tm"}, {W_1D, 30, "ia64"},
    {W_1D, 31, "pbe"},
    {W_E1D, 11, "syscall"}, {W_E1D, 19, "mp"}, {W_E1D, 20, "nx"},
    {W_E1D, 22, "mmxext"}, {W_E1D, 25, "fxsr_opt"},
    {W_E1D, 26, "pdpe1gb"}, {W_E1D, 27, "rdtscp"}, {W_E1D, 29, "lm"},
    {W_E1D, 30, "3dnowext"}, {W_E1D, 31, "3dnow"},
    {W_SYN, 0, "constant_tsc"}, {W_SYN, 0, "nonstop_tsc"},
    {W_SYN, 1, "cpuid"},
    {W_1C, 0, "pni"}, {W_1C, 1, "pclmulqdq"}, {W_1C, 2, "dtes64"},
    {W_1C, 3, "monitor"}, {W_1C, 4, "ds_cpl"}, {W_1C, 5, "vmx"},
    {W_1C, 6, "smx"}, {W_1C, 7, "est"}, {W_1C, 8, "tm2"},
    {W_1C, 9, "ssse3"}, {W_1C, 10, "cid"}, {W_1C, 11, "sdbg"},
    {W_1C, 12, "fma"}, {W_1C, 13, "cx16"}, {W_1C, 14, "xtpr"},
    {W_1C, 15, "pdcm"}, {W_1C, 17, "pcid"}, {W_1C, 18, "dca"},
    {W_1C, 19, "sse4_1"}, {W_1C, 20, "sse4_2"}, {W_1C, 21, "x2apic"},
    {W_1C, 22, "movbe"}, {W_1C, 23, "popcnt"},
    {W_1C, 24, "tsc_deadline_timer"}, {W_1C, 25, "aes"},
    {W_1C, 26, "xsave"}, {W_1C, 28, "avx"}, {W_1C, 29, "f16c"},
    {W_1C, 30, "rdrand"}, {W_1C, 31, "hypervisor"},
    {W_E1C, 0, "lahf_lm"}, {W_E1C, 1, "cmp_legacy"}, {W_E1C, 2, "svm"},
    {W_E1C, 3, "extapic"}, {W_E1C, 4, "cr8_legacy"}, {W_E1C, 5, "abm"},
    {W_E1C, 6, "sse4a"}, {W_E1C, 7, "misalignsse"},
    {W_E1C, 8, "3dnowprefetch"}, {W_E1C, 9, "osvw"}, {W_E1C, 10, "ibs"},
    {W_E1C, 11, "xop"}, {W_E1C, 12, "skinit"}, {W_E1C, 13, "wdt"},
    {W_E1C, 15, "lwp"}, {W_E1C, 16, "fma4"}, {W_E1C, 17, "tce"},
    {W_E1C, 19, "nodeid_msr"}, {W_E1C, 21, "tbm"}, {W_E1C, 22, "topoext"},
    {W_E1C, 23, "perfctr_core"}, {W_E1C, 24, "perfctr_nb"},
    {W_E1C, 26, "bpext"}, {W_E1C, 27, "ptsc"}, {W_E1C, 28, "perfctr_llc"},
    {W_E1C, 29, "mwaitx"},
    {W_7B, 0, "fsgsbase"}, {W_7B, 1, "tsc_adjust"}, {W_7B, 2, "sgx"},
    {W_7B, 3, "bmi1"}, {W_7B, 4, "hle"}, {W_7B, 5, "avx2"},
    {W_7B, 7, "smep"}, {W_7B, 8, "bmi2"}, {W_7B, 9, "erms"},
    {W_7B, 10, "invpcid"}, {W_7B, 11, "rtm"}, {W_7B, 12, "cqm"},
    {W_7B, 14, "mpx"}, {W_7B, 15, "rdt_a"}, {W_7B, 16, "avx512f"},
    {W_7B, 17, "avx512dq"}, {W_7B, 18, "rdseed"}, {W_7B, 19, "adx"},
    {W_7B, 20, "smap"}, {W_7B, 21, "avx512ifma"}, {W_7B, 23, "clflushopt"},
    {W_7B, 24, "clwb"}, {W_7B, 25, "intel_pt"}, {W_7B, 26, "avx512pf"},
    {W_7B, 27, "avx512er"}, {W_7B, 28, "avx512cd"}, {W_7B, 29, "sha_ni"},
    {W_7B, 30, "avx512bw"}, {W_7B, 31, "avx512vl"},
    {W_D1A, 0, "xsaveopt"}, {W_D1A, 1, "xsavec"}, {W_D1A, 2, "xgetbv1"},
    {W_D1A, 3, "xsaves"},
    {W_71A, 4, "avx_vnni"}, {W_71A, 5, "avx512_bf16"},
    {W_6A, 0, "dtherm"}, {W_6A, 1, "ida"}, {W_6A, 2, "arat"},
    {W_6A, 4, "pln"}, {W_6A, 6, "pts"},
    {W_7C, 1, "avx512vbmi"}, {W_7C, 2, "umip"}, {W_7C, 3, "pku"},
    {W_7C, 4, "ospke"}, {W_7C, 5, "waitpkg"}, {W_7C, 6, "avx512_vbmi2"},
    {W_7C, 8, "gfni"}, {W_7C, 9, "vaes"}, {W_7C, 10, "vpclmulqdq"},
    {W_7C, 11, "avx512_vnni"}, {W_7C, 12, "avx512_bitalg"},
    {W_7C, 13, "tme"}, {W_7C, 14, "avx512_vpopcntdq"},
    {W_7C, 22, "rdpid"}, {W_7C, 24, "bus_lock_detect"},
    {W_7C, 25, "cldemote"}, {W_7C, 27, "movdiri"},
    {W_7C, 28, "movdir64b"}, {W_7C, 29, "enqcmd"},
    {W_7D, 2, "avx512_4vnniw"}, {W_7D, 3, "avx512_4fmaps"},
    {W_7D, 4, "fsrm"}, {W_7D, 8, "avx512_vp2intersect"},
    {W_7D, 10, "md_clear"}, {W_7D, 14, "serialize"},
    {W_7D, 16, "tsxldtrk"}, {W_7D, 18, "pconfig"}, {W_7D, 19, "arch_lbr"},
    {W_7D, 20, "ibt"}, {W_7D, 22, "amx_bf16"}, {W_7D, 23, "avx512_fp16"},
    {W_7D, 24, "amx_tile"}, {W_7D, 25, "amx_int8"},
    {W_7D, 28, "flush_l1d"}, {W_7D, 29, "arch_capabilities"},
};
/* clang-format on */

static uint32_t reg(uint32_t leaf, uint32_t sub, int r, uint32_t max)
{
    uint32_t v[4] = {0, 0, 0, 0};
    if (leaf <= max)
        hal_cpuid(leaf, sub, v);
    return v[r];
}

static void read_words(uint32_t w[W_COUNT], uint32_t max, uint32_t emax)
{
    w[W_1D] = reg(1, 0, 3, max);
    w[W_1C] = reg(1, 0, 2, max);
    w[W_E1D] = reg(0x80000001, 0, 3, emax);
    w[W_E1C] = reg(0x80000001, 0, 2, emax);
    w[W_SYN] = 2 | (reg(0x80000007, 0, 3, emax) >> 8 & 1);
    w[W_7B] = reg(7, 0, 1, max);
    w[W_7C] = reg(7, 0, 2, max);
    w[W_7D] = reg(7, 0, 3, max);
    w[W_71A] = reg(7, 1, 0, max);
    w[W_D1A] = reg(0xd, 1, 0, max);
    w[W_6A] = reg(6, 0, 0, max);
}

/* The brand string, without the leading spaces some CPUs put there. */
static void model_name(char out[49], uint32_t emax)
{
    uint32_t v[12];
    if (emax < 0x80000004) {
        strcpy(out, "unknown");
        return;
    }
    for (uint32_t i = 0; i < 3; i++)
        hal_cpuid(0x80000002 + i, 0, &v[i * 4]);
    memcpy(out, v, 48);
    out[48] = 0;
    size_t skip = 0;
    while (out[skip] == ' ')
        skip++;
    memmove(out, out + skip, 49 - skip);
    if (!out[0])
        strcpy(out, "unknown");
}

size_t procfs_cpuinfo(char *buf, size_t cap)
{
    uint32_t v[4], w[W_COUNT];
    char vendor[13], name[49];
    hal_cpuid(0, 0, v);
    uint32_t max = v[0];
    memcpy(vendor, &v[1], 4);
    memcpy(vendor + 4, &v[3], 4);
    memcpy(vendor + 8, &v[2], 4);
    vendor[12] = 0;
    uint32_t emax = reg(0x80000000, 0, 0, 0x80000000);
    read_words(w, max, emax);
    model_name(name, emax);
    uint32_t sig = reg(1, 0, 0, max), misc = reg(1, 0, 1, max);
    uint32_t family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
    if (family == 0xf)
        family += (sig >> 20) & 0xff;
    if (family >= 6)
        model += ((sig >> 16) & 0xf) << 4;
    uint32_t mhz = reg(0x16, 0, 0, max);
    uint32_t addr = reg(0x80000008, 0, 0, emax);
    size_t n =
        (size_t)snprintf(buf, cap,
                         "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\n"
                         "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
                         vendor, family, model, name, sig & 0xf);
    if (mhz && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, "cpu MHz\t\t: %u.000\n", mhz);
    if (n < cap)
        n += (size_t)snprintf(
            buf + n, cap - n,
            "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\n"
            "cpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0\n"
            "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
            "wp\t\t: yes\nflags\t\t:",
            max);
    for (size_t i = 0; i < NELEM(flags) && n < cap; i++)
        if (w[flags[i].word] & (1u << flags[i].bit))
            n += (size_t)snprintf(buf + n, cap - n, " %s", flags[i].name);
    if (mhz && n < cap)
        n += (size_t)snprintf(buf + n, cap - n,
                              "\nbugs\t\t:\nbogomips\t: %u.00", mhz * 2);
    else if (n < cap)
        n += (size_t)snprintf(buf + n, cap - n, "\nbugs\t\t:");
    if (n < cap)
        n += (size_t)snprintf(
            buf + n, cap - n,
            "\nclflush size\t: %u\ncache_alignment\t: %u\n"
            "address sizes\t: %u bits physical, %u bits virtual\n"
            "power management:\n\n",
            ((misc >> 8) & 0xff) * 8, ((misc >> 8) & 0xff) * 8,
            addr ? addr & 0xff : 36, addr ? (addr >> 8) & 0xff : 48);
    return MIN(n, cap);
}
