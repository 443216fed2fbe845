/* SPDX-License-Identifier: MIT */
/*
 * Queued real-time signals versus coalesced standard ones: while blocked,
 * SIGRTMIN+1 is sent 5 times with values 1..5 and SIGRTMIN+2 twice, SIGUSR1
 * 3 times; on unblock the standard signal is delivered once and every rt
 * signal once per send, lowest number first and in sending order (the
 * handlers block everything, so none nests).  Then the same with handlers
 * that block nothing, whose order is Linux's nesting order.
 */
#include "thr.h"

static char log_[256];
static volatile int len;

static void h(int s, siginfo_t *si, void *uc)
{
    (void)uc;
    len += snprintf(log_ + len, sizeof log_ - len, "%s%s:%d ",
                    s == SIGUSR1 ? "USR1" : "RT",
                    s == SIGUSR1        ? ""
                    : s == SIGRTMIN + 1 ? "+1"
                                        : "+2",
                    s == SIGUSR1 ? 0 : si->si_value.sival_int);
}

static void run(const char *what, int mask_all)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    if (mask_all)
        sigfillset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigset_t b, p;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigaddset(&b, SIGRTMIN + 1);
    sigaddset(&b, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &b, NULL);
    int fails = 0;
    for (int i = 1; i <= 2; i++)
        fails += sigqueue(getpid(), SIGRTMIN + 2,
                          (union sigval){.sival_int = 10 * i}) != 0;
    for (int i = 1; i <= 5; i++)
        fails += sigqueue(getpid(), SIGRTMIN + 1,
                          (union sigval){.sival_int = i}) != 0;
    for (int i = 0; i < 3; i++)
        fails += kill(getpid(), SIGUSR1) != 0;
    sigpending(&p);
    printf("%s: send failures %d, pending USR1 %d RT+1 %d RT+2 %d\n", what,
           fails, sigismember(&p, SIGUSR1), sigismember(&p, SIGRTMIN + 1),
           sigismember(&p, SIGRTMIN + 2));
    len = 0;
    log_[0] = 0;
    sigprocmask(SIG_UNBLOCK, &b, NULL);
    printf("  delivered: %s\n", log_);
    sigpending(&p);
    printf("  still pending: RT+1 %d\n", sigismember(&p, SIGRTMIN + 1));
}

int main(void)
{
    t_watchdog();
    printf("SIGRTMIN+1 is %d\n", SIGRTMIN + 1);
    run("handlers block all", 1);
    run("handlers block only their own", 0);
    return 0;
}
