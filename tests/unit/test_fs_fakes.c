/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the services kernel/fs uses: the console (captured
 * output, scripted input), clocks (a fake monotonic clock that sleeps
 * instantly), random bytes, memory statistics, CPUID and the process's
 * facts for /proc/PID (a program of one thread, named "test", with no
 * mappings).  Also the cpio
 * writer the tests and the fuzzer seeds use.
 */
#include <cpuid.h>

#include "hal/hal.h"
#include "kernel/console.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "kernel/fs/hostfs.h"
#include "tests/unit/test_fs.h"

char fake_out[3][1 << 16];
size_t fake_out_len[3];
const char *fake_in;
size_t fake_in_len;
int fake_in_eof;
int fake_tty[3];
uint64_t fake_mono_ns = 1000000;
uint64_t fake_ram_bytes = 256ULL << 20;

/* One process, as kernel/task.c would keep its share of the fs. */
static struct fs_proc the_proc = {.fds.limit = 1024, .umask = 022};
struct fs_proc *vfs_proc(void)
{
    return &the_proc;
}

void fake_reset(void)
{
    memset(fake_out_len, 0, sizeof(fake_out_len));
    fake_in = NULL;
    fake_in_len = 0;
    fake_in_eof = 1;
    memset(fake_tty, 0, sizeof(fake_tty));
}

long console_write(int stream, const void *kbuf, size_t n)
{
    if (stream < 1 || stream > 2)
        return -EINVAL;
    size_t room = sizeof(fake_out[stream]) - fake_out_len[stream];
    size_t k = n < room ? n : room;
    memcpy(fake_out[stream] + fake_out_len[stream], kbuf, k);
    fake_out_len[stream] += k;
    return (long)n;
}

long console_read(void *kbuf, size_t n)
{
    size_t k = n < fake_in_len ? n : fake_in_len;
    if (k)
        memcpy(kbuf, fake_in, k);
    fake_in += k;
    fake_in_len -= k;
    return (long)k; /* a real console would block instead of 0 */
}

long console_poll(int64_t timeout_ns, uint64_t *avail)
{
    *avail = fake_in_len;
    if (fake_in_len || fake_in_eof)
        return 1;
    if (timeout_ns > 0)
        fake_mono_ns += (uint64_t)timeout_ns;
    return 0;
}

int console_isatty(int stream)
{
    return stream >= 0 && stream < 3 && fake_tty[stream];
}

void console_winsize(uint16_t *rows, uint16_t *cols)
{
    *rows = 24;
    *cols = 80;
}

uint64_t time_monotonic_ns(void)
{
    return fake_mono_ns += 1000;
}

uint64_t time_realtime_ns(void)
{
    return 1700000000000000000ULL + time_monotonic_ns();
}

int time_sleep_until(uint64_t deadline_ns)
{
    if (deadline_ns >= UINT64_MAX / 2)
        return -ERESTARTSYS; /* only a signal ends a sleep this long */
    if (fake_mono_ns < deadline_ns)
        fake_mono_ns = deadline_ns;
    return 0;
}

void random_bytes(void *buf, size_t n)
{
    static uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        ((uint8_t *)buf)[i] = (uint8_t)x;
    }
}

void mm_get_stats(struct mm_stats *st)
{
    st->total_bytes = fake_ram_bytes;
    st->free_bytes = fake_ram_bytes / 256 * 200;
}

/* No mappings: /proc/PID/maps is empty on the host. */
struct vma *vma_find(uint64_t addr)
{
    (void)addr;
    return NULL;
}

uint64_t vma_next_start(uint64_t addr)
{
    (void)addr;
    return MM_USER_TOP;
}

/* One process, pid PROC_PID (0 is the caller's). */
int proc_info(int pid, struct proc_info *pi)
{
    if (pid && pid != PROC_PID)
        return -ESRCH;
    *pi = (struct proc_info){.pid = PROC_PID, .ppid = PROC_PPID,
                             .pgid = PROC_PID, .sid = PROC_SID,
                             .comm = "test", .nthreads = 1, .umask = 022};
    return 0;
}

int proc_group_in_session(int pgid, int sid)
{
    return pgid == PROC_PID && (sid < 0 || sid == PROC_SID);
}

static int fg_pgrp = PROC_PID;
int console_fg_pgrp(void)
{
    return fg_pgrp;
}
void console_set_fg_pgrp(int pgrp)
{
    fg_pgrp = pgrp;
}
/* The one process is always in the foreground. */
int console_job_check(int sig)
{
    (void)sig;
    return 0;
}
void console_host_termios(uint32_t iflag, uint32_t oflag, uint32_t lflag,
                          const uint8_t cc[17])
{
    (void)iflag, (void)oflag, (void)lflag, (void)cc;
}

int proc_next_pid(int after)
{
    return after < PROC_PID ? PROC_PID : 0;
}

int proc_mm_enter(int pid)
{
    return pid == PROC_PID ? 0 : -ESRCH;
}

void proc_mm_leave(void)
{
}

struct fs_proc *vfs_proc_of(int pid)
{
    return pid == PROC_PID ? vfs_proc() : NULL;
}

void hal_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    __cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
}

static void put(struct cpio_buf *b, const void *p, size_t n)
{
    if (b->len + n + 4 > b->cap) {
        size_t cap = (b->cap + n) * 2 + 65536;
        char *d = aligned_alloc(PAGE_SIZE, ALIGN_UP(cap, PAGE_SIZE));
        if (b->len)
            memcpy(d, b->data, b->len);
        free(b->data);
        b->data = d;
        b->cap = ALIGN_UP(cap, PAGE_SIZE);
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void pad4(struct cpio_buf *b)
{
    while (b->len % 4)
        put(b, "", 1);
}

void cpio_start(struct cpio_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void cpio_entry_ino(struct cpio_buf *b, const char *name, uint32_t mode,
                    const void *data, size_t size, uint32_t ino, uint32_t nlink)
{
    char h[111];
    size_t nlen = strlen(name) + 1;
    snprintf(h, sizeof(h),
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino,
             mode, 0u, 0u, nlink, 1600000000u, (unsigned)size, 0u, 0u, 0u, 0u,
             (unsigned)nlen, 0u);
    put(b, h, 110);
    put(b, name, nlen);
    pad4(b);
    if (size)
        put(b, data, size);
    pad4(b);
}

void cpio_entry(struct cpio_buf *b, const char *name, uint32_t mode,
                const void *data, size_t size, bool align)
{
    static uint32_t ino = 100;
    if (align) {
        /* header + name of the real entry, then its data at a page */
        size_t after = b->len + 120; /* the pad's header and name */
        size_t real = ALIGN_UP(110 + strlen(name) + 1, 4);
        size_t want = ALIGN_UP(after + real, PAGE_SIZE) - real - after;
        char *z = calloc(1, want + 1);
        cpio_entry_ino(b, ".uk-pad", LX_S_IFREG | 0600, z, want, ino++, 1);
        free(z);
    }
    cpio_entry_ino(b, name, mode, data, size, ino++, 1);
}

void cpio_trailer(struct cpio_buf *b)
{
    cpio_entry_ino(b, "TRAILER!!!", 0, NULL, 0, 0, 1);
}

/* Waiting: nothing else runs in the host test, so a sleep either reaches
 * its deadline (the fake clock moves there) or, without one, could only
 * end by a signal. */
int fake_sigpipes;

int wait_sleep(struct wait_queue *wq, uint64_t deadline, int interruptible)
{
    (void)wq, (void)interruptible;
    if (deadline == WAIT_FOREVER)
        return -ERESTARTSYS;
    if (fake_mono_ns < deadline)
        fake_mono_ns = deadline;
    return -ETIMEDOUT;
}

int wait_wake(struct wait_queue *wq, int n)
{
    (void)wq, (void)n;
    return 0;
}

void signal_self(int sig)
{
    if (sig == LX_SIGPIPE)
        fake_sigpipes++;
}

void signal_wait_mask(uint64_t mask)
{
    (void)mask;
}

void signal_wait_mask_end(int interrupted)
{
    (void)interrupted;
}

/* Host directories (kernel/fs/hostfs*.c) need a VMM's 9p device: the
 * host tests make no INODE_HOST inode, so none of these is reached. */
int hostfs_create(struct vfs_path *vp, uint32_t mode)
{
    (void)vp, (void)mode;
    return -EIO;
}
int hostfs_mkdir(struct vfs_path *vp, uint32_t mode)
{
    (void)vp, (void)mode;
    return -EIO;
}
int hostfs_symlink(struct vfs_path *vp, const char *target)
{
    (void)vp, (void)target;
    return -EIO;
}
int hostfs_unlink(struct vfs_path *vp, bool rmdir)
{
    (void)vp, (void)rmdir;
    return -EIO;
}
int hostfs_rename(struct vfs_path *o, struct vfs_path *n)
{
    (void)o, (void)n;
    return -EIO;
}
int hostfs_link(struct inode *ino, struct vfs_path *n)
{
    (void)ino, (void)n;
    return -EIO;
}
int hostfs_setattr(struct inode *ino, const struct p9_setattr *s)
{
    (void)ino, (void)s;
    return -EIO;
}
int hostfs_fsync(struct file *f, bool datasync)
{
    (void)f, (void)datasync;
    return -EIO;
}
int hostfs_statfs(struct inode *ino, struct linux_statfs *st)
{
    (void)ino, (void)st;
    return -EIO;
}
void *hostfs_page(struct file *f, uint64_t idx, long *err)
{
    (void)f, (void)idx;
    *err = -EIO;
    return NULL;
}
long hostfs_read_pages(struct file *f, uint64_t off, const uint64_t *frames,
                       unsigned n, bool may_sleep)
{
    (void)f, (void)off, (void)frames, (void)n, (void)may_sleep;
    return -EIO;
}
/* Nor an overlay's (kernel/fs/overlay.c): no INODE_OVL inode either. */
int ovl_to_upper(struct vfs_path *vp)
{
    (void)vp;
    return -EIO;
}
int ovl_copy_up(struct inode **ino)
{
    (void)ino;
    return -EIO;
}
int ovl_unlink(struct vfs_path *vp, bool rmdir)
{
    (void)vp, (void)rmdir;
    return -EIO;
}
int ovl_rename(struct vfs_path *o, struct vfs_path *n, unsigned flags)
{
    (void)o, (void)n, (void)flags;
    return -EIO;
}
/* No device writes user memory in the host tests: reads copy. */
unsigned mm_user_frames_writable(uint64_t va, unsigned n, uint64_t *pa)
{
    (void)va, (void)n, (void)pa;
    return 0;
}
