/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the boot archive unpacker (kernel/fs/cpio.c):
 * any input must give 0 or -EINVAL/-ENOMEM without reading outside it.
 * An accepted tree is then walked, read, and written through the system
 * calls, so the copy-on-write of archive-backed files is fuzzed too.
 * Build and run: make fuzz-cpio.
 */
#include "tests/unit/test_fs.h"

static int budget;

static void walk(const char *path, int depth)
{
    char buf[1024], child[4096];
    long fd = sys_open(path, LX_O_RDONLY | LX_O_NOFOLLOW, 0);
    if (fd < 0)
        return;
    struct linux_stat st;
    sys_fstat((int)fd, &st);
    if (VFS_ISREG(st.st_mode)) {
        while (sys_read((int)fd, buf, sizeof(buf)) > 0)
            ;
        long w = sys_open(path, LX_O_WRONLY, 0);
        sys_pwrite64((int)w, "!", 1, st.st_size / 2);
        sys_ftruncate((int)w, st.st_size / 3);
        sys_close((int)w);
        sys_pread64((int)fd, buf, sizeof(buf), 0);
    } else if (VFS_ISDIR(st.st_mode) && depth < 16) {
        long r;
        while ((r = sys_getdents64((int)fd, buf, sizeof(buf))) > 0) {
            for (long off = 0; off < r && budget-- > 0;) {
                struct linux_dirent64 *d = (void *)(buf + off);
                off += d->d_reclen;
                if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
                    (depth == 0 &&
                     (!strcmp(d->d_name, "proc") || !strcmp(d->d_name, "dev"))))
                    continue;
                snprintf(child, sizeof(child), "%s/%s", depth ? path : "",
                         d->d_name);
                if (d->d_type == LX_DT_LNK) {
                    sys_readlink(child, buf + 512, 256);
                    sys_stat(child, &st);
                } else {
                    walk(child, depth + 1);
                }
            }
        }
    }
    sys_close((int)fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    fake_reset();
    int r = vfs_init(copy, size);
    if (r != 0 && r != -EINVAL && r != -ENOMEM)
        __builtin_trap();
    if (r == 0 && fd_init_stdio() == 0) {
        budget = 2000;
        walk("/", 0);
    }
    vfs_fini();
    free(copy);
    return 0;
}
