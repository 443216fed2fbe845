/* SPDX-License-Identifier: MIT */
/*
 * Handler flags and masks, seen as the order in which handlers enter (<)
 * and leave (>): inside a handler its signal and its sa_mask are blocked
 * and the old mask comes back after; a different signal raised inside
 * nests; the same one waits until the handler returns, unless SA_NODEFER;
 * one in sa_mask waits too; SA_RESETHAND resets to SIG_DFL.
 */
#include "thr.h"

static char log_[64];
static volatile int len, depth, raise_inside, in_mask_self, in_mask_usr2,
    in_mask_hup;

static void note(char c, int sig)
{
    log_[len++] = c;
    log_[len++] = sig == SIGUSR1 ? '1' : '2';
    log_[len++] = ' ';
}

static void h(int sig)
{
    sigset_t cur;
    note('<', sig);
    if (depth++ == 0) {
        sigprocmask(SIG_BLOCK, NULL, &cur);
        in_mask_self = sigismember(&cur, sig);
        in_mask_usr2 = sigismember(&cur, SIGUSR2);
        in_mask_hup = sigismember(&cur, SIGHUP);
        if (raise_inside) {
            int r = raise_inside;
            raise_inside = 0; /* once: the deferred one must not raise again */
            raise(r);
        }
    }
    depth--;
    note('>', sig);
}

static void setup(int sig, int flags, int mask_sig)
{
    struct sigaction sa = {0};
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (mask_sig)
        sigaddset(&sa.sa_mask, mask_sig);
    sigaction(sig, &sa, NULL);
}

static void run(const char *what, int raise_what)
{
    len = 0;
    raise_inside = raise_what;
    raise(SIGUSR1);
    log_[len] = 0;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("%-32s %s| inside: self %d usr2 %d hup %d; after: usr1 %d usr2 %d\n",
           what, log_, in_mask_self, in_mask_usr2, in_mask_hup,
           sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2));
}

int main(void)
{
    t_watchdog();
    setup(SIGUSR2, 0, 0);
    setup(SIGUSR1, 0, 0);
    run("plain", 0);
    run("raise USR2 inside", SIGUSR2);
    run("raise USR1 inside", SIGUSR1);
    setup(SIGUSR1, 0, SIGUSR2);
    run("sa_mask USR2, raise USR2 inside", SIGUSR2);
    setup(SIGUSR1, SA_NODEFER, 0);
    run("SA_NODEFER, raise USR1 inside", SIGUSR1);
    setup(SIGUSR1, SA_NODEFER, SIGUSR1);
    run("SA_NODEFER, USR1 in sa_mask", SIGUSR1);
    setup(SIGUSR1, SA_RESETHAND, 0);
    run("SA_RESETHAND", 0);
    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    FACT("reset to SIG_DFL", old.sa_handler == SIG_DFL);
    setup(SIGUSR1, SA_RESETHAND, SIGUSR2);
    run("SA_RESETHAND, raise USR2 inside", SIGUSR2);
    return 0;
}
