/* SPDX-License-Identifier: MIT */
/*
 * The names of host directories looked up lately: (directory, name) ->
 * inode, each holding a reference, the oldest let go once the table is
 * full.  A fid is a path on the VMM's side, so a cached inode still names
 * whatever the host has at that path (stat asks the host every time);
 * what the cache saves is the walk, getattr and clunk of looking the
 * name up again, which a path of several components pays per component.
 * A change made through the guest forgets the names it touches.
 */
#include "kernel/fs/file.h"
#include "kernel/fs/hostfs.h"

#define CACHE_SIZE 1024
#define BUCKETS 2048

struct centry {
    struct inode *dir, *ino; /* ino NULL: a free slot */
    struct centry *next;     /* bucket chain */
};

static struct centry slots[CACHE_SIZE];
static struct centry *buckets[BUCKETS];
static unsigned oldest;

static struct centry **bucket(struct inode *dir, const char *name, size_t len)
{
    uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)dir >> 4);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return &buckets[h % BUCKETS];
}

static bool named(const struct centry *e, struct inode *dir, const char *name,
                  size_t len)
{
    const struct dentry *d = e->ino->dent;
    return e->dir == dir && d->len == len && !memcmp(d->name, name, len);
}

/* Take e out of its bucket and drop its reference. */
static void drop(struct centry *e)
{
    const struct dentry *d = e->ino->dent;
    struct centry **pp = bucket(e->dir, d->name, d->len);
    while (*pp != e)
        pp = &(*pp)->next;
    *pp = e->next;
    struct inode *ino = e->ino;
    e->ino = NULL;
    vfs_iput(ino);
}

struct inode *hostfs_cache_get(struct inode *dir, const char *name, size_t len)
{
    for (struct centry *e = *bucket(dir, name, len); e; e = e->next)
        if (named(e, dir, name, len)) {
            vfs_iget(e->ino);
            return e->ino;
        }
    return NULL;
}

void hostfs_cache_put(struct inode *dir, struct inode *ino)
{
    struct centry *e = &slots[oldest];
    oldest = (oldest + 1) % CACHE_SIZE;
    if (e->ino)
        drop(e);
    struct centry **b = bucket(dir, ino->dent->name, ino->dent->len);
    vfs_iget(ino);
    *e = (struct centry){dir, ino, *b};
    *b = e;
}

void hostfs_cache_forget(struct inode *dir, const char *name, size_t len)
{
    for (struct centry *e = *bucket(dir, name, len); e; e = e->next)
        if (named(e, dir, name, len)) {
            drop(e);
            return;
        }
}
