/* SPDX-License-Identifier: MIT */
/*
 * The size limits of the in-memory root, as tmpfs has them (its size= and
 * nr_inodes= options), so a program that fills the file system gets
 * ENOSPC instead of taking the memory the kernel and the program need.
 *
 * Defaults (vfs_init), Linux's for tmpfs: half of guest RAM in pages of
 * file data, and as many inodes as that is pages.
 *
 * What is counted, as Linux's mm/shmem.c counts it:
 *  - a page for each page index of a regular file that holds data: a
 *    private page, or a page of the file's bytes in the boot archive (the
 *    program and --fs contents sit in RAM too).  Holes cost nothing;
 *    fallocate's pages count although they read as zeros.
 *  - a page for a symlink whose target is 128 bytes or longer (shorter
 *    ones live in the inode, as tmpfs keeps them).
 *  - an inode for every file, directory, symlink, FIFO and device node of
 *    the root, and one more for each extra hard link (tmpfs counts names,
 *    since each pins memory until it is removed).  /dev and /proc are
 *    other file systems and count nothing.
 *  - not counted: directory entries, the radix tree nodes over file pages.
 * Unpacking the archive takes what it needs whatever the limit ("force"),
 * so a root bigger than the limit starts full, never broken.
 */
#include "kernel/fs/file.h"

static struct ramfs_space space;

void ramfs_space_init(uint64_t max_pages, uint64_t max_inodes)
{
    space =
        (struct ramfs_space){.max_pages = max_pages, .max_inodes = max_inodes};
}

void ramfs_space_set_max(uint64_t max_pages, uint64_t max_inodes)
{
    space.max_pages = max_pages;
    space.max_inodes = max_inodes;
}

void ramfs_space_get(struct ramfs_space *s)
{
    *s = space;
}

uint64_t ramfs_pages_free(void)
{
    return space.used_pages < space.max_pages
               ? space.max_pages - space.used_pages
               : 0;
}

int ramfs_take_pages(uint64_t n, bool force)
{
    if (!force && n > ramfs_pages_free())
        return -ENOSPC;
    space.used_pages += n;
    return 0;
}

void ramfs_give_pages(uint64_t n)
{
    space.used_pages -= MIN(n, space.used_pages);
}

uint64_t ramfs_inodes_free(void)
{
    return space.used_inodes < space.max_inodes
               ? space.max_inodes - space.used_inodes
               : 0;
}

int ramfs_take_inode(bool force)
{
    if (!force && !ramfs_inodes_free())
        return -ENOSPC;
    space.used_inodes++;
    return 0;
}

void ramfs_give_inode(void)
{
    if (space.used_inodes)
        space.used_inodes--;
}

/* Pages a symlink's target takes: tmpfs keeps short ones in the inode. */
static uint64_t link_pages(const struct inode *ino)
{
    return VFS_ISLNK(ino->mode) && ino->size >= RAMFS_SHORT_LINK ? 1 : 0;
}

int ramfs_charge_new(struct inode *ino, bool force)
{
    if (!force &&
        (!ramfs_inodes_free() || link_pages(ino) > ramfs_pages_free()))
        return -ENOSPC;
    space.used_inodes++;
    space.used_pages += link_pages(ino);
    ino->flags |= INODE_CHARGED;
    return 0;
}

void ramfs_uncharge(struct inode *ino)
{
    if (!(ino->flags & INODE_CHARGED))
        return;
    ino->flags &= ~INODE_CHARGED;
    ramfs_give_inode();
    ramfs_give_pages(link_pages(ino));
}
