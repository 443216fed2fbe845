/* SPDX-License-Identifier: MIT */
/*
 * The 9P2000.L operations that name a child of a directory fid: mkdir,
 * symlink, mknod, link, renameat, unlinkat, remove.  Each opens the parent
 * beneath the root (p9_open_dir, p9_open_parent in p9_file.c, which says
 * why that keeps the guest inside the tree) and passes one checked name
 * to an *at() call that never follows a final symlink.
 */
#define _GNU_SOURCE
#define P9_INTERNAL
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p9.h"

static int ret_errno(int ok)
{
    return ok < 0 ? -errno : 0;
}

/* Reply with the qid of name in directory dfd. */
static int put_child_qid(struct p9_server *s, int dfd, const char *name,
                         struct p9_out *out)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return -errno;
    p9_putqid(out, s, &st);
    return 0;
}

/* mkdir, symlink, mknod: create name in directory fid dir; reply qid. */
static int make_child(struct p9_server *s, struct p9_in *in, struct p9_out *out,
                      uint8_t type)
{
    char name[256], target[P9_PATH_MAX] = "";
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    uint32_t mode = 0;
    p9_getname(in, name, sizeof(name));
    if (type == P9_TSYMLINK)
        p9_getstr(in, target, sizeof(target));
    else
        mode = p9_get32(in);
    if (type == P9_TMKNOD)
        p9_get64(in); /* major, minor: no devices */
    p9_get32(in);     /* gid */
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (type == P9_TMKNOD && !S_ISFIFO(mode) && !S_ISSOCK(mode) &&
        !S_ISREG(mode))
        return -EPERM;
    int dfd = p9_open_dir(s, f), r;
    if (dfd < 0)
        return dfd;
    if (type == P9_TMKDIR)
        r = ret_errno(mkdirat(dfd, name, mode & 07777));
    else if (type == P9_TSYMLINK)
        r = ret_errno(symlinkat(target, dfd, name));
    else
        r = ret_errno(mknodat(dfd, name, mode & (S_IFMT | P9_MODE_FILE), 0));
    if (r == 0)
        r = put_child_qid(s, dfd, name, out);
    close(dfd);
    return r;
}

int p9_mkdir(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    return make_child(s, in, out, P9_TMKDIR);
}
int p9_symlink(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    return make_child(s, in, out, P9_TSYMLINK);
}
int p9_mknod(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    return make_child(s, in, out, P9_TMKNOD);
}

int p9_link(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    char name[256], buf[P9_PATH_MAX];
    const char *sname;
    struct p9_fid *d = p9_fid_get(s, p9_get32(in));
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    p9_getname(in, name, sizeof(name));
    if (in->bad)
        return -EINVAL;
    if (!d || !f)
        return -EBADF;
    int sfd = p9_open_parent(s, f->path, buf, &sname), dfd, r;
    if (sfd < 0)
        return sfd == -EBUSY ? -EPERM : sfd;
    if ((dfd = p9_open_dir(s, d)) < 0) {
        close(sfd);
        return dfd;
    }
    r = ret_errno(linkat(sfd, sname, dfd, name, 0)); /* 0: no follow */
    close(sfd);
    close(dfd);
    return r;
}

int p9_renameat(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    char oname[256], nname[256], opath[P9_PATH_MAX], npath[P9_PATH_MAX];
    struct p9_fid *od = p9_fid_get(s, p9_get32(in));
    p9_getname(in, oname, sizeof(oname));
    struct p9_fid *nd = p9_fid_get(s, p9_get32(in));
    p9_getname(in, nname, sizeof(nname));
    if (in->bad)
        return -EINVAL;
    if (!od || !nd)
        return -EBADF;
    if (p9_join(opath, od->path, oname) < 0 ||
        p9_join(npath, nd->path, nname) < 0)
        return -ENAMETOOLONG;
    int ofd = p9_open_dir(s, od), nfd = p9_open_dir(s, nd), r;
    r = ofd < 0 ? ofd : nfd < 0 ? nfd : 0;
    if (r == 0)
        r = ret_errno(renameat(ofd, oname, nfd, nname));
    if (r == 0)
        p9_fid_renamed(s, opath, npath);
    if (ofd >= 0)
        close(ofd);
    if (nfd >= 0)
        close(nfd);
    return r;
}

int p9_unlinkat(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    char name[256];
    struct p9_fid *d = p9_fid_get(s, p9_get32(in));
    p9_getname(in, name, sizeof(name));
    uint32_t flags = p9_get32(in);
    if (in->bad)
        return -EINVAL;
    if (!d)
        return -EBADF;
    int dfd = p9_open_dir(s, d);
    if (dfd < 0)
        return dfd;
    int r = ret_errno(unlinkat(dfd, name, flags & AT_REMOVEDIR));
    close(dfd);
    return r;
}

/* Tremove: unlink what fid names, and clunk it whatever happens. */
int p9_remove(struct p9_server *s, struct p9_in *in, struct p9_out *out)
{
    (void)out;
    char buf[P9_PATH_MAX];
    const char *name;
    struct stat st;
    struct p9_fid *f = p9_fid_get(s, p9_get32(in));
    int dfd, r;
    if (in->bad)
        return -EINVAL;
    if (!f)
        return -EBADF;
    if (s->readonly)
        r = -EROFS;
    else if ((r = dfd = p9_open_parent(s, f->path, buf, &name)) >= 0) {
        r = ret_errno(fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW));
        if (r == 0)
            r = ret_errno(
                unlinkat(dfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0));
        close(dfd);
    }
    p9_fid_drop(s, f);
    return r;
}
