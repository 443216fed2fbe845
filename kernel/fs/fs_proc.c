// SPDX-License-Identifier: MIT
/*
 * A process's share of the file system (struct fs_proc): made for the
 * first process, copied by fork, emptied when the process ends.
 */
#include "kernel/fs/file.h"

struct fs_proc *vfs_proc_new(void)
{
    struct fs_proc *fp = kzalloc(sizeof(*fp));
    if (!fp)
        return NULL;
    fp->fds.limit = 1024;
    fp->umask = 022;
    if ((fp->cwd = vfs_root))
        vfs_iget(fp->cwd);
    return fp;
}

struct fs_proc *vfs_proc_fork(struct fs_proc *parent)
{
    struct fs_proc *fp = kzalloc(sizeof(*fp));
    if (!fp)
        return NULL;
    if (parent->exe && !(fp->exe = kmalloc(strlen(parent->exe) + 1))) {
        kfree(fp);
        return NULL;
    }
    if (fd_table_copy(&fp->fds, &parent->fds)) {
        kfree(fp->exe);
        kfree(fp);
        return NULL;
    }
    if (fp->exe)
        strcpy(fp->exe, parent->exe);
    fp->umask = parent->umask;
    if ((fp->cwd = parent->cwd))
        vfs_iget(fp->cwd);
    return fp;
}

void vfs_proc_exit(struct fs_proc *fp)
{
    fd_table_free(&fp->fds);
    if (fp->cwd)
        vfs_iput(fp->cwd);
    kfree(fp->exe);
    kfree(fp);
}
