/* SPDX-License-Identifier: MIT */
/* Shared by the kernel/fs unit test files: checks, fakes, cpio writer. */
#ifndef UK_TEST_FS_H
#define UK_TEST_FS_H

#include "kernel/fs/file.h"
#include "kernel/fs/fs_syscalls.h"

extern int t_pass, t_fail;

#define CHECK(c)                                                               \
    do {                                                                       \
        if (c)                                                                 \
            t_pass++;                                                          \
        else {                                                                 \
            t_fail++;                                                          \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #c);    \
        }                                                                      \
    } while (0)

#define EQ(a, b)                                                               \
    do {                                                                       \
        long a_ = (long)(a), b_ = (long)(b);                                   \
        if (a_ == b_)                                                          \
            t_pass++;                                                          \
        else {                                                                 \
            t_fail++;                                                          \
            fprintf(stderr, "%s:%d: FAILED: %s == %s (%ld != %ld)\n",          \
                    __FILE__, __LINE__, #a, #b, a_, b_);                       \
        }                                                                      \
    } while (0)

/* tests/unit/test_fs_fakes.c: what the console saw and will give. */
extern char fake_out[3][1 << 16];
extern size_t fake_out_len[3];
extern const char *fake_in;
extern size_t fake_in_len;
extern int fake_in_eof;
extern int fake_tty[3];
extern uint64_t fake_mono_ns;
extern uint64_t fake_ram_bytes; /* what mm_get_stats says RAM is */
void fake_reset(void);
/* tests/unit/test_fs_nomem.c: every kmalloc fails while it is set. */
extern int fake_nomem;

/* A newc archive being written into a page-aligned buffer. */
struct cpio_buf {
    char *data;
    size_t len, cap;
};
void cpio_start(struct cpio_buf *b);
/* Append an entry; with align, a .uk-pad entry first page-aligns data. */
void cpio_entry(struct cpio_buf *b, const char *name, uint32_t mode,
                const void *data, size_t size, bool align);
/* Append an entry with explicit ino and nlink (hard links). */
void cpio_entry_ino(struct cpio_buf *b, const char *name, uint32_t mode,
                    const void *data, size_t size, uint32_t ino,
                    uint32_t nlink);
void cpio_trailer(struct cpio_buf *b);

/* Fresh empty root with fds 0-2 on the console. */
void fresh(void);

/* Write s to path (created or truncated): bytes written or -errno. */
long put_file(const char *path, const char *s);
/* The contents of path as a string ("" on error), in a static buffer. */
const char *cat(const char *path);

void test_tree(void);  /* test_fs_tree.c */
void test_dev(void);   /* test_fs_dev.c */
void test_cpio(void);  /* test_fs_cpio.c */
void test_space(void); /* test_fs_space.c */
void test_corpus(const char *dir);

#endif
