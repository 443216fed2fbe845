// SPDX-License-Identifier: MIT
/*
 * execve and execveat: the process's image is replaced by a program from
 * the guest file system, a static or static-PIE ELF, or a `#!` script run
 * by its interpreter.  Everything that can fail with an errno is checked
 * first, with the old image intact; then the other threads end, the
 * address space is emptied and the new program mapped.  A failure after
 * that point (memory) kills the process, as on Linux.
 */
#include "hal/hal.h"
#include "kernel/exec.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/ptimer.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscall/linux.h"

#define ARG_MAX_BYTES (MM_STACK_SIZE / 4) /* Linux: a quarter of the stack */
#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define AT_EMPTY_PATH 0x1000
#define AT_SYMLINK_NOFOLLOW 0x100

/* The argument and environment strings, one after another. */
struct strings {
    char *buf;
    size_t used, cap;
    int n;
};

static int reserve(struct strings *s, size_t more)
{
    if (s->used + more > ARG_MAX_BYTES)
        return -E2BIG;
    if (s->used + more <= s->cap)
        return 0;
    size_t cap = MAX(s->cap * 2, s->used + more);
    cap = MAX(cap, (size_t)PAGE_SIZE);
    char *b = krealloc(s->buf, cap);
    if (!b)
        return -ENOMEM;
    s->buf = b;
    s->cap = cap;
    return 0;
}

/* Append a kernel string. */
static int add(struct strings *s, const char *k, size_t len)
{
    int err = reserve(s, len + 1);
    if (err)
        return err;
    memcpy(s->buf + s->used, k, len);
    s->buf[s->used + len] = 0;
    s->used += len + 1;
    s->n++;
    return 0;
}

/* Append the user string at u, a page at a time. */
static int add_user(struct strings *s, const char *u)
{
    size_t start = s->used;
    for (;;) {
        int err = reserve(s, PAGE_SIZE);
        if (err == -E2BIG && s->used < ARG_MAX_BYTES)
            err = reserve(s, ARG_MAX_BYTES - s->used);
        if (err)
            return err;
        size_t room = MIN(s->cap - s->used, (size_t)PAGE_SIZE);
        long n = strncpy_from_user(s->buf + s->used, u, room);
        if (n >= 0) {
            s->used += (size_t)n + 1;
            break;
        }
        if (n != -ENAMETOOLONG)
            return (int)n;
        s->used += room; /* no NUL yet */
        u += room;
        if (s->used - start > MAX_ARG_STRLEN || s->used >= ARG_MAX_BYTES)
            return -E2BIG;
    }
    if (s->used - start > MAX_ARG_STRLEN)
        return -E2BIG;
    s->n++;
    return 0;
}

/* Append the NULL-terminated user array uv (NULL: none) from index
 * `from` on. */
static int add_user_array(struct strings *s, const char *const *uv, int from)
{
    for (size_t i = (size_t)from; uv; i++) {
        const char *u;
        if (copy_from_user(&u, uv + i, sizeof(u)))
            return -EFAULT;
        if (!u)
            return 0;
        int err = add_user(s, u);
        if (err)
            return err;
    }
    return 0;
}

/* What the new program gets: argv then envp, in one block. */
struct args {
    struct strings s;
    int argc; /* the first argc strings are argv */
};

/* Pointers and lengths for the stack builder, over a's block. */
static int to_exec_args(const struct args *a, const char *path,
                        struct exec_args *x)
{
    int n = a->s.n;
    const char **v = kmalloc(((size_t)n + 1) * sizeof(char *));
    uint64_t *len = kmalloc(((size_t)n + 1) * sizeof(uint64_t));
    if (!v || !len) {
        kfree(v);
        kfree(len);
        return -ENOMEM;
    }
    const char *p = a->s.buf;
    for (int i = 0; i < n; i++) {
        v[i] = p;
        len[i] = strlen(p);
        p += len[i] + 1;
    }
    *x = (struct exec_args){
        .path = path, .argc = a->argc, .envc = n - a->argc,
        .argv = v, .envp = v + a->argc,
        .argv_len = len, .envp_len = len + a->argc,
    };
    return 0;
}

/* The file of dirfd + path (AT_EMPTY_PATH: dirfd itself) that may be
 * executed, or NULL with *err. */
static struct file *open_exec(int dirfd, char *path, int flags, long *err)
{
    struct file *f;
    if (!path[0] && (flags & AT_EMPTY_PATH)) {
        if (!(f = fd_get(dirfd))) {
            *err = -EBADF;
            return NULL;
        }
        file_get(f);
    } else if (!(f = vfs_openat(dirfd, path,
                                LX_O_RDONLY | ((flags & AT_SYMLINK_NOFOLLOW)
                                                   ? LX_O_NOFOLLOW
                                                   : 0),
                                0, err))) {
        return NULL;
    }
    if ((*err = vfs_check_exec(f)) < 0) {
        file_put(f);
        return NULL;
    }
    return f;
}


/* From here on the old image is gone: only the process can fail. */
static void replace(struct exec_image *im, struct exec_image *in,
                    const struct exec_args *x, const char *exe,
                    struct mm_space *mm)
{
    struct task *t = task_current();
    task_kill_others();
    struct mm_space *old = t->proc->mm;
    t->proc->mm = mm;
    mm_switch(mm);
    mm_put(old);
    t->proc->did_exec = 1;
    proc_vfork_done(t->proc);
    uint64_t entry, rsp;
    if (exec_map(im, in, x, &entry, &rsp))
        proc_fatal_signal(LX_SIGSEGV, "execve ran out of memory", 0, 0);
    fd_close_on_exec();
    signal_exec(t);
    ptimer_exec();
    t->clear_child_tid = t->robust_list = t->rseq = 0;
    t->rseq_dirty = 0;
    t->fs_base = t->gs_base = 0;
    hal_set_fs_base(0);
    hal_set_user_gs_base(0);
    sched_bases_changed();
    hal_fpu_init_area(t->fpu);
    hal_fpu_restore(t->fpu);
    vfs_set_exe(exe);
    proc_set_comm(x->path);
    hal_regs_user(t->regs, entry, rsp);
}

/* argv (Linux, since 5.18, makes an empty one a single ""), then envp. */
static int copy_args(struct args *a, const char *const *uargv,
                     const char *const *uenvp)
{
    int err = add_user_array(&a->s, uargv, 0);
    if (!err && a->s.n == 0)
        err = add(&a->s, "", 0);
    a->argc = a->s.n;
    return err ? err : add_user_array(&a->s, uenvp, 0);
}

/* Everything that can fail before the point of no return, in Linux's
 * order (the file, the strings, then what the file is), then replace. */
static long execveat(int dirfd, const char *upath, const char *const *uargv,
                     const char *const *uenvp, int flags)
{
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    /* Another thread's execve is ending this one (it sleeps in
     * task_kill_others, and nothing here sleeps before replace). */
    if (proc_current()->execing)
        return -EAGAIN;
    long err;
    char *path = vfs_getname(upath, &err);
    if (!path)
        return err;
    struct exec_image *im = kmalloc(2 * sizeof(*im)); /* and ld.so */
    char *exe = kmalloc(VFS_PATH_MAX), *name = kmalloc(VFS_PATH_MAX);
    struct exec_args x = {0}, *scripts[EXEC_SCRIPT_DEPTH];
    struct args a = {0};
    struct file *f = NULL;
    int nscripts = 0, parsed = 0;
    struct mm_space *mm;
    err = im && exe && name ? 0 : -ENOMEM;
    /* the walk rewrites the path it is given: path stays as it was, for
     * comm and AT_EXECFN */
    if (!err)
        snprintf(name, VFS_PATH_MAX, "%s", path);
    if (!err && (f = open_exec(dirfd, name, flags, &err)) &&
        !(err = copy_args(&a, uargv, uenvp)))
        err = to_exec_args(&a, path, &x);
    /* Each #! line runs its interpreter with the arguments it makes. */
    const struct exec_args *run = &x;
    const char *why;
    while (f && !err) {
        if (!(err = exec_open(f, im, &why))) {
            parsed = 1;
            if (im->ei.has_interp && (err = exec_open_interp(im, im + 1,
                                                             &why))) {
                exec_close(im);
                parsed = 0;
            }
            break;
        }
        int serr;
        struct exec_args *nx =
            err == -ENOEXEC ? exec_script_args(f, run, &serr) : NULL;
        if (!nx) {
            err = err == -ENOEXEC && serr ? serr : err;
            break;
        }
        file_put(f);
        f = NULL;
        if (nscripts == EXEC_SCRIPT_DEPTH) {
            kfree(nx);
            err = -ELOOP;
            break;
        }
        scripts[nscripts++] = nx;
        run = nx;
        snprintf(name, VFS_PATH_MAX, "%s", nx->path);
        if ((f = open_exec(LX_AT_FDCWD, name, 0, &err)))
            err = 0;
    }
    if (parsed) {
        struct exec_args final = *run;
        final.path = path; /* AT_EXECFN and comm: what execve was given */
        long n = 0;
        if ((n = vfs_inode_path(f->inode, exe, VFS_PATH_MAX)) < 0)
            err = n;
        else if (exec_stack_need(&final) > ARG_MAX_BYTES)
            err = -E2BIG;
        else if (!(mm = mm_new()))
            err = -ENOMEM;
        else
            replace(im, im->ei.has_interp ? im + 1 : NULL, &final, exe, mm);
        exec_close(im);
        if (im->ei.has_interp)
            exec_close(im + 1);
    }
    if (f)
        file_put(f);
    while (nscripts)
        kfree(scripts[--nscripts]);
    kfree((void *)x.argv);
    kfree((void *)x.argv_len);
    kfree(a.s.buf);
    kfree(name);
    kfree(exe);
    kfree(im);
    kfree(path);
    return err;
}

long sys_execve(const char *path, const char *const *argv,
                const char *const *envp)
{
    return execveat(LX_AT_FDCWD, path, argv, envp, 0);
}

long sys_execveat(int dirfd, const char *path, const char *const *argv,
                  const char *const *envp, int flags)
{
    return execveat(dirfd, path, argv, envp, flags);
}
