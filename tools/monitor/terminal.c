/* SPDX-License-Identifier: MIT */
/*
 * The host's terminal, when ./run's stdin is one.  The modes the program
 * sets on its console (echo, canonical input, the signal keys, CR and NL
 * mapping, the special characters) are applied to it, so that a line
 * editor in the guest (bash's readline) echoes and edits as it does
 * natively; everything else stays as the host had it.  The host's own
 * modes come back when ./run ends, and while it is stopped: ./run stops
 * as a job of the host's shell when the guest's first process stops.
 * Both VMMs use these.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "abi.h"
#include "monitor.h"

#define LFLAGS (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHONL | NOFLSH | \
                ECHOCTL | ECHOKE | IEXTEN)
#define IFLAGS (ICRNL | INLCR | IGNCR | IXON | IXOFF | ISTRIP | IUTF8)
#define OFLAGS (OPOST | ONLCR)
#define NCC 17 /* VINTR .. VEOL2: the same indices in both ABIs */

static struct termios host, guest; /* as ./run found it; as the program set */
static int applied;

void monitor_set_termios(const struct uk_hc_termios *t)
{
    if (!applied && (!isatty(0) || tcgetattr(0, &host)))
        return;
    guest = host;
    guest.c_iflag = (host.c_iflag & ~IFLAGS) | (t->iflag & IFLAGS);
    guest.c_oflag = (host.c_oflag & ~OFLAGS) | (t->oflag & OFLAGS);
    guest.c_lflag = (host.c_lflag & ~LFLAGS) | (t->lflag & LFLAGS);
    memcpy(guest.c_cc, t->cc, NCC);
    applied = 1;
    tcsetattr(0, TCSADRAIN, &guest);
}

void monitor_restore_termios(void)
{
    if (applied)
        tcsetattr(0, TCSADRAIN, &host);
}

void monitor_stop_self(int sig)
{
    monitor_restore_termios();
    if (sig == SIGSTOP) {
        raise(SIGSTOP);
    } else {
        /* SIGTSTP waits for signalfd, blocked: take it once by default. */
        struct sigaction dfl = {.sa_handler = SIG_DFL}, old;
        sigset_t one, was;
        sigemptyset(&one);
        sigaddset(&one, sig);
        sigaction(sig, &dfl, &old);
        pthread_sigmask(SIG_BLOCK, &one, &was);
        raise(sig);
        pthread_sigmask(SIG_UNBLOCK, &one, NULL); /* stops here */
        pthread_sigmask(SIG_SETMASK, &was, NULL);
        sigaction(sig, &old, NULL);
    }
    if (applied)
        tcsetattr(0, TCSADRAIN, &guest);
}
