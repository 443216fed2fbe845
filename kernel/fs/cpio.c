/* SPDX-License-Identifier: MIT */
/*
 * Unpack a newc ("070701") cpio archive into the tree.  The archive is
 * untrusted: every length is checked against its end before use, names
 * must be NUL-terminated and free of "..", and anything malformed gives
 * -EINVAL.  File data is never copied: a regular file points at its bytes
 * inside the archive (ramfs_file.c copies a page on its first write).
 *
 * Entries named ".uk-pad*" only page-align the next file's data and are
 * skipped.  Missing parent directories are created.  Device nodes, FIFOs
 * and sockets are skipped: /dev is made by devfs.c.  What is unpacked
 * counts against the root's limits (space.c) but is never refused.
 */
#include "kernel/fs/file.h"

#define HDR_LEN 110

struct hdr {
    uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
    uint32_t devmajor, devminor, rdevmajor, rdevminor, namesize, check;
};

/* Regular files seen with nlink > 1, to join later names to them. */
struct hardlink {
    uint32_t ino, major, minor;
    struct inode *inode; /* referenced */
};

struct unpack {
    struct inode *root;
    struct hardlink *links;
    size_t nlinks, cap;
};

#define ONES 0x0101010101010101ULL

/* Eight bytes at a time: a word has a zero byte where x - ONES borrows
 * into a byte that was below 0x80. */
static bool has_nul(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        __builtin_memcpy(&x, p + i, 8);
        if ((x - ONES) & ~x & 0x80 * ONES)
            return true;
    }
    for (; i < n; i++)
        if (!p[i])
            return true;
    return false;
}

/* High bit set in each byte of x (all bytes < 0x80) that lies in [a, b]. */
static uint64_t in_range(uint64_t x, unsigned a, unsigned b)
{
    return (x + (0x80 - a) * ONES) & ~(x + (0x7f - b) * ONES) & 0x80 * ONES;
}

/* Eight hex digits, most significant first, eight at a time (SWAR): the
 * per-byte loop cost ~1000 instructions a header where kernel code is
 * slow.  Clears *ok on a byte that is not a hex digit. */
static inline __attribute__((always_inline)) uint32_t hex8(const char *p,
                                                           int *ok)
{
    uint64_t x;
    __builtin_memcpy(&x, p, 8);
    if ((x & 0x80 * ONES) ||
        (in_range(x, '0', '9') | in_range(x | 0x20 * ONES, 'a', 'f')) !=
            0x80 * ONES)
        *ok = 0;
    /* Digit values; letters have bit 6 set and need 9 more. */
    uint64_t v = (x & 0x0f * ONES) + 9 * ((x >> 6) & ONES);
    v = ((v << 4) | (v >> 8)) & 0x00ff00ff00ff00ffULL;
    v = ((v << 8) | (v >> 16)) & 0x0000ffff0000ffffULL;
    return (uint32_t)((v << 16) | (v >> 32));
}

/* The fields the unpacking uses: not rdevmajor and rdevminor (device
 * nodes are skipped) nor check (newc has no checksum; 070702's is not
 * verified). */
static int parse_hdr(const char *p, struct hdr *h)
{
    uint32_t *f = &h->ino;
    int ok = 1;
    if (__builtin_memcmp(p, "07070", 5) != 0 || (p[5] != '1' && p[5] != '2'))
        return -EINVAL;
    for (int i = 0; i < 9; i++)
        f[i] = hex8(p + 6 + i * 8, &ok);
    h->namesize = hex8(p + 6 + 11 * 8, &ok);
    return ok ? 0 : -EINVAL;
}

/* Remove an existing name so an entry can replace it. */
static int replace(struct inode *dir, const char *name, size_t len,
                   bool want_dir)
{
    struct dentry *d = ramfs_lookup(dir, name, len);
    if (!d)
        return 0;
    if (VFS_ISDIR(d->inode->mode)) {
        if (want_dir)
            return 1; /* keep it, update its attributes */
        if (d->inode->u.dir.first)
            return -EINVAL;
    }
    ramfs_unlink(d);
    return 0;
}

static void set_attrs(struct inode *ino, const struct hdr *h)
{
    ino->mode = (ino->mode & LX_S_IFMT) | (h->mode & 07777);
    ino->uid = h->uid;
    ino->gid = h->gid;
    ino->mtime = ino->atime = (uint64_t)h->mtime * 1000000000;
}

static struct inode *find_link(struct unpack *u, const struct hdr *h)
{
    for (size_t i = 0; i < u->nlinks; i++) {
        struct hardlink *l = &u->links[i];
        if (l->ino == h->ino && l->major == h->devmajor &&
            l->minor == h->devminor)
            return l->inode;
    }
    return NULL;
}

static int remember_link(struct unpack *u, const struct hdr *h,
                         struct inode *ino)
{
    if (u->nlinks == u->cap) {
        size_t n = u->cap ? u->cap * 2 : 16;
        struct hardlink *l = krealloc(u->links, n * sizeof(*l));
        if (!l)
            return -ENOMEM;
        u->links = l;
        u->cap = n;
    }
    vfs_iget(ino);
    u->links[u->nlinks++] =
        (struct hardlink){h->ino, h->devmajor, h->devminor, ino};
    return 0;
}

/* Create the last component of an entry in dir. */
static int make(struct unpack *u, struct inode *dir, const char *name,
                size_t len, const struct hdr *h, const char *data)
{
    uint32_t type = h->mode & LX_S_IFMT;
    struct inode *ino = NULL;
    int r = replace(dir, name, len, type == LX_S_IFDIR);
    if (r < 0)
        return r;
    if (r == 1) { /* an existing directory */
        set_attrs(ramfs_lookup(dir, name, len)->inode, h);
        return 0;
    }
    if (type == LX_S_IFREG && h->nlink > 1 && (ino = find_link(u, h))) {
        if (h->filesize && !ino->size)
            ramfs_set_backing(ino, data, h->filesize);
        return ramfs_link(dir, name, len, ino);
    }
    if (type == LX_S_IFDIR || type == LX_S_IFREG) {
        ino = ramfs_new_inode(type, VFS_DEV_RAMFS);
        if (ino && type == LX_S_IFREG && h->filesize)
            ramfs_set_backing(ino, data, h->filesize);
    } else if (type == LX_S_IFLNK) {
        if (h->filesize == 0 || h->filesize >= VFS_PATH_MAX ||
            has_nul(data, h->filesize))
            return -EINVAL;
        ino = ramfs_new_symlink(data, h->filesize, VFS_DEV_RAMFS);
    } else if (type == LX_S_IFCHR || type == LX_S_IFBLK || type == LX_S_IFIFO ||
               type == LX_S_IFSOCK) {
        return 0;
    } else {
        return -EINVAL;
    }
    if (!ino)
        return -ENOMEM;
    set_attrs(ino, h);
    ramfs_charge_new(ino, true); /* the root's limit never refuses these */
    if (ramfs_link(dir, name, len, ino) < 0) {
        vfs_iget(ino); /* frees it */
        vfs_iput(ino);
        return -ENOMEM;
    }
    if (type == LX_S_IFREG && h->nlink > 1)
        return remember_link(u, h, ino);
    return 0;
}

/* Walk name (length len, no NULs) from the root, making directories. */
static int add_entry(struct unpack *u, const char *name, size_t len,
                     const struct hdr *h, const char *data)
{
    struct inode *dir = u->root;
    size_t pos = 0;
    if (len >= VFS_PATH_MAX)
        return -EINVAL;
    for (;;) {
        while (pos < len && name[pos] == '/')
            pos++;
        size_t start = pos;
        while (pos < len && name[pos] != '/')
            pos++;
        size_t clen = pos - start;
        const char *c = name + start;
        size_t next = pos;
        while (next < len && name[next] == '/')
            next++;
        bool last = next == len;
        if (clen > VFS_NAME_MAX || (clen == 2 && c[0] == '.' && c[1] == '.'))
            return -EINVAL;
        if (clen == 0 || (clen == 1 && c[0] == '.')) {
            if (last)
                return 0; /* the root itself */
            continue;
        }
        if (dir == u->root && clen >= 7 &&
            __builtin_memcmp(c, ".uk-pad", 7) == 0)
            return 0;
        if (last)
            return make(u, dir, c, clen, h, data);
        struct dentry *d = ramfs_lookup(dir, c, clen);
        if (!d) {
            struct inode *ino =
                ramfs_new_inode(LX_S_IFDIR | 0755, VFS_DEV_RAMFS);
            if (!ino || ramfs_link(dir, c, clen, ino) < 0) {
                kfree(ino);
                return -ENOMEM;
            }
            ramfs_charge_new(ino, true);
            dir = ino;
        } else if (VFS_ISDIR(d->inode->mode)) {
            dir = d->inode;
        } else {
            return -EINVAL; /* a file or symlink used as a directory */
        }
    }
}

static int unpack(struct unpack *u, const char *a, size_t len)
{
    size_t off = 0;
    for (;;) {
        struct hdr h;
        if (len - off < HDR_LEN || parse_hdr(a + off, &h) < 0)
            return -EINVAL;
        size_t nameoff = off + HDR_LEN;
        if (h.namesize == 0 || h.namesize > len - nameoff)
            return -EINVAL;
        const char *name = a + nameoff;
        size_t nlen = h.namesize - 1;
        if (name[nlen] != 0 || has_nul(name, nlen))
            return -EINVAL;
        if (nlen == 10 && __builtin_memcmp(name, "TRAILER!!!", 10) == 0)
            return 0;
        uint64_t dataoff = ALIGN_UP((uint64_t)nameoff + h.namesize, 4);
        if (dataoff > len || h.filesize > len - dataoff)
            return -EINVAL;
        int err = add_entry(u, name, nlen, &h, a + dataoff);
        if (err < 0)
            return err;
        off = (size_t)MIN(ALIGN_UP(dataoff + h.filesize, 4), (uint64_t)len);
    }
}

int cpio_unpack(struct inode *root, const void *archive, size_t len)
{
    struct unpack u = {root, NULL, 0, 0};
    int err = unpack(&u, archive, len);
    for (size_t i = 0; i < u.nlinks; i++)
        vfs_iput(u.links[i].inode);
    kfree(u.links);
    return err;
}
