/* SPDX-License-Identifier: MIT */
/*
 * -v HOST[:GUEST][:ro|:rw], docker's spelling: a host directory the
 * guest sees at GUEST (default: HOST's absolute path), read-only unless
 * :rw.
 * The VMM serves it (QEMU's virtio-9p, or the monitor's own), beneath
 * HOST only.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "run.h"

int mount_parse(const char *spec, struct run_mount *m)
{
    char *s = strdup(spec), *guest = NULL;
    size_t n = strlen(s);
    m->ro = 1;
    if (n > 3 && (!strcmp(s + n - 3, ":ro") || !strcmp(s + n - 3, ":rw"))) {
        m->ro = s[n - 1] == 'o';
        s[n - 3] = 0;
    }
    char *colon = strrchr(s, ':');
    if (colon && colon[1] == '/') {
        *colon = 0;
        guest = colon + 1;
    }
    struct stat st;
    char real[PATH_MAX];
    if (!*s || !realpath(s, real) || stat(real, &st) ||
        (!S_ISDIR(st.st_mode) && (errno = ENOTDIR))) {
        fprintf(stderr, "run: -v %s: %s\n", s, *s ? strerror(errno)
                                                   : "no host directory");
        free(s);
        return -1;
    }
    if (!guest)
        guest = real; /* -v DIR: the same absolute path in the guest */
    if (guest[0] != '/') {
        fprintf(stderr, "run: -v %s: the guest path must be absolute\n", spec);
        free(s);
        return -1;
    }
    m->host = strdup(real);
    m->guest = malloc(strlen(guest) + 4);
    guest_path_of(guest, m->guest + 1, strlen(guest) + 3);
    m->guest[0] = m->ro ? 'r' : 'w';
    free(s);
    if (!strcmp(m->guest + 1, "/")) {
        fprintf(stderr, "run: -v %s: cannot mount over the guest's root\n",
                spec);
        return -1;
    }
    return 0;
}

/* Whether a PT_DYNAMIC segment at off names a library or a soname: a
 * shared object run as a program (ld.so itself), not a static PIE. */
static int shared_object(FILE *f, uint64_t off, uint64_t size)
{
    Elf64_Dyn d;
    for (uint64_t at = 0; at + sizeof(d) <= size && at < 65536; at += sizeof(d))
        if (fseek(f, (long)(off + at), SEEK_SET) || fread(&d, sizeof(d), 1, f) != 1 ||
            d.d_tag == DT_NULL)
            return 0;
        else if (d.d_tag == DT_NEEDED || d.d_tag == DT_SONAME)
            return 1;
    return 0;
}

/* Whether the ELF file at path is dynamically linked: it names an
 * interpreter (PT_INTERP), or it is a shared object such as ld.so. */
static int is_dynamic(const char *path)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    FILE *f = fopen(path, "rb");
    int dyn = 0;
    if (f && fread(&eh, sizeof(eh), 1, f) == 1 &&
        !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(ph))
        for (unsigned i = 0; i < eh.e_phnum && !dyn; i++) {
            if (fseek(f, (long)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) ||
                fread(&ph, sizeof(ph), 1, f) != 1)
                break;
            dyn = ph.p_type == PT_INTERP ||
                  (ph.p_type == PT_DYNAMIC &&
                   shared_object(f, ph.p_offset, ph.p_filesz));
        }
    if (f)
        fclose(f);
    return dyn;
}

/* The host's own system directories, as runsc do shows them. */
static const char *const host_dirs[] = {"/usr",  "/etc",   "/bin",  "/sbin",
                                        "/lib",  "/lib32", "/lib64", "/libx32"};

int host_view_mounts(const char *prog, int force, struct run_mount *m, int *n)
{
    if (!force && !is_dynamic(prog))
        return 0;
    for (size_t i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++) {
        struct stat st;
        if (lstat(host_dirs[i], &st) || !S_ISDIR(st.st_mode))
            continue; /* missing, or a symlink: host_view_links */
        if (*n == UK_MAX_MOUNTS) {
            fprintf(stderr, "run: the host's %s does not fit in %d mounts\n",
                    host_dirs[i], UK_MAX_MOUNTS);
            return -1;
        }
        m[*n].host = strdup(host_dirs[i]);
        m[*n].guest = malloc(strlen(host_dirs[i]) + 2);
        sprintf(m[*n].guest, "o%s", host_dirs[i]); /* kernel/fs/overlay.c */
        m[(*n)++].ro = 1;
    }
    return 1;
}

int host_view_has(const char *gpath)
{
    for (size_t i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++) {
        size_t n = strlen(host_dirs[i]);
        struct stat st;
        if (!strncmp(gpath, host_dirs[i], n) && gpath[n] == '/' &&
            !lstat(host_dirs[i], &st))
            return 1;
    }
    return 0;
}

int host_view_links(struct archive *a)
{
    for (size_t i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++) {
        char target[PATH_MAX];
        ssize_t k = readlink(host_dirs[i], target, sizeof(target) - 1);
        if (k <= 0)
            continue;
        target[k] = 0;
        if (archive_add_symlink(a, host_dirs[i], target))
            return -1;
    }
    return 0;
}
