// SPDX-License-Identifier: MIT
/* --trace: one strace-style line per syscall on stderr. */
#include "hal/x86_64/regs.h"
#include "kernel/kernel.h"
#include "kernel/console.h"
#include "syscall/syscall.h"

static const char *const errnames[] = {
#define E(n) [n] = #n,
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG)
    E(ENOEXEC) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT)
    E(ENOTBLK) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR)
    E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC)
    E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK)
    E(ENAMETOOLONG) E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENODATA)
    E(EOVERFLOW) E(EILSEQ) E(ENOTSOCK) E(EOPNOTSUPP) E(EAFNOSUPPORT)
    E(EADDRINUSE) E(ECONNREFUSED) E(ETIMEDOUT) E(ECONNRESET) E(ENOTCONN)
#undef E
};

const char *errno_name(long e)
{
    return e > 0 && e < (long)NELEM(errnames) ? errnames[e] : NULL;
}

/* A user string, shortened to 32 bytes, control characters as '.'. */
static int fmt_string(char *b, size_t n, uint64_t u)
{
    char s[33];
    long len = strncpy_from_user(s, (const char *)u, sizeof(s));
    if (len == -EFAULT)
        return snprintf(b, n, "%#lx", u);
    s[sizeof(s) - 1] = 0;
    for (char *c = s; *c; c++)
        if ((unsigned char)*c < 32 || *c == 127)
            *c = '.';
    return snprintf(b, n, len < 0 ? "\"%s\"..." : "\"%s\"", s);
}

void trace_syscall(const struct regs *r, long ret, int done)
{
    char b[320];
    const char *name = syscall_name(r->vector);
    const char *types = syscall_args(r->vector);
    const uint64_t a[6] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9};
    int n;

    if (name)
        n = snprintf(b, sizeof(b), "%s(", name);
    else
        n = snprintf(b, sizeof(b), "syscall_%lu(", r->vector);
    for (int i = 0; types[i] && i < 6 && n < 250; i++) {
        if (i)
            n += snprintf(b + n, sizeof(b) - n, ", ");
        switch (types[i]) {
        case 'd':
            if ((int)a[i] == -100)
                n += snprintf(b + n, sizeof(b) - n, "AT_FDCWD");
            else
                n += snprintf(b + n, sizeof(b) - n, "%d", (int)a[i]);
            break;
        case 'u':
            n += snprintf(b + n, sizeof(b) - n, "%lu", a[i]);
            break;
        case 's':
            n += fmt_string(b + n, sizeof(b) - n, a[i]);
            break;
        case 'o':
            n += snprintf(b + n, sizeof(b) - n, "0%lo", a[i]);
            break;
        default:
            n += snprintf(b + n, sizeof(b) - n, "%#lx", a[i]);
        }
    }
    if (!done)
        n += snprintf(b + n, sizeof(b) - n, ") = ?\n");
    else if (ret < 0 && ret > -4096 && errno_name(-ret))
        n += snprintf(b + n, sizeof(b) - n, ") = -1 %s\n", errno_name(-ret));
    else if (ret < 0 && ret > -4096)
        n += snprintf(b + n, sizeof(b) - n, ") = -1 (errno %ld)\n", -ret);
    else if (types[0] == 0 || ret < 4096)
        n += snprintf(b + n, sizeof(b) - n, ") = %ld\n", ret);
    else
        n += snprintf(b + n, sizeof(b) - n, ") = %#lx\n", ret);
    if (n > (int)sizeof(b) - 1)
        n = sizeof(b) - 1;
    console_write(2, b, (size_t)n);
}
