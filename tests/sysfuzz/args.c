// SPDX-License-Identifier: MIT
/* Drawing the arguments of one call from the kinds in its table entry,
 * then the entry's hook; a call that would change the fuzzer's own memory
 * is drawn again, or skipped. */
#include "sysfuzz.h"

static const struct fz_call *cur;

uint64_t args_kind(char k)
{
    switch (k) {
    case 'i':
        return val_int();
    case 'l':
        return val_long();
    case 'x':
        return val_flags();
    case 'n':
        return val_size();
    case 'm':
        return val_mode();
    case 'u':
        return val_id();
    case 'c':
        return val_clock();
    case 'P':
        return val_pid();
    case 's':
        return rng_chance(50) ? val_sig() : 1 + rng_below(64);
    case 'f':
        return fds_arg(0);
    case 'd':
        return fds_arg(1);
    case 'p':
        return paths_arg();
    case 'r':
    case 'k':
        return rng_chance(5) ? 0 : mem_in_ptr();
    case 'w':
        return rng_chance(5) ? 0 : mem_out_ptr();
    case 'q':
        return rng_chance(60) ? mem_out_ptr() : val_int();
    case 'z':
        return rng_chance(60) ? (uint64_t)fz_mem.ro0 : mem_dead_ptr();
    case 'a':
        return mem_mm_addr();
    case 'A':
        return mem_mm_len();
    case 't':
        return st_timeout();
    case 'S':
        return st_sockaddr();
    case 'v':
        return st_iov(1);
    case 'V':
        return st_iov(0);
    case 'M':
        return st_msghdr(1);
    case 'N':
        return st_msghdr(0);
    case 'R':
        return st_mmsg(1);
    case 'T':
        return st_mmsg(0);
    case 'g':
        return st_sigaction((int)cur->a[0]);
    case 'e':
        return st_sigevent();
    case 'L':
        return st_rlimit();
    case 'X':
        return st_futex_addr();
    case 'Z':
        return st_len();
    case 'h':
        return st_open_how();
    case 'j':
        return st_sched_attr();
    case 'b':
        return st_sembuf();
    case 'y':
        return st_mq_attr();
    case 'F':
        return st_fd_pair();
    default:
        return val_any();
    }
}

/* Every address-length pair of the call leaves our memory alone. */
static int mm_safe(const struct fz_call *c, const char *kinds)
{
    for (int i = 0; kinds[i] && kinds[i + 1]; i++)
        if (kinds[i] == 'a' && kinds[i + 1] == 'A' &&
            !mem_mm_ok(c->a[i], c->a[i + 1]))
            return 0;
    return 1;
}

void args_draw(struct fz_call *c)
{
    const struct fz_sys *s = &fz_table[(uint32_t)c->nr];
    cur = c;
    for (int tries = 0; tries < 4; tries++) {
        c->skip = 0;
        for (int i = 0; i < 6; i++)
            c->a[i] = s->args[0] && i < (int)__builtin_strlen(s->args)
                          ? args_kind(s->args[i])
                          : val_any();
        if (s->hook)
            s->hook(c);
        if (!c->skip && mm_safe(c, s->args))
            return;
    }
    c->skip = 1;
}
