/* SPDX-License-Identifier: MIT */
/* The program's stdin, stdout and stderr, wherever the VMM puts them. */
#ifndef UK_CONSOLE_H
#define UK_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Write n bytes of kernel memory to stream 1 (stdout), 2 (stderr) or
 * UK_REPORT_FD (the syscall report).
 * Returns n or -errno. */
long console_write(int stream, const void *kbuf, size_t n);
/* Read up to n bytes of stdin into kernel memory, blocking until at least
 * one byte or end of input.  Returns bytes read, 0 at EOF, or -errno
 * (-ERESTARTSYS: a signal came first). */
long console_read(void *kbuf, size_t n);
/* Wait up to timeout_ns (-1 forever, 0 just check) for stdin to be
 * readable or at EOF.  Returns 1 if so, 0 on timeout, -ERESTARTSYS if a
 * signal came first.  *avail gets the bytes that a read would return at
 * once (for FIONREAD). */
long console_poll(int64_t timeout_ns, uint64_t *avail);
/* Whether stream 0, 1 or 2 is a terminal for ./run (from the command line). */
int console_isatty(int stream);
/* The terminal size ./run saw; 0 0 when unknown. */
void console_winsize(uint16_t *rows, uint16_t *cols);
/* The console's foreground process group (tcgetpgrp, tcsetpgrp): the one
 * that terminal signals from ./run (INT, QUIT, WINCH) go to.  It starts
 * as the first process's. */
int console_fg_pgrp(void);
void console_set_fg_pgrp(int pgrp);
/* The first process stopped with signal sig: ./run stops too, as a job of
 * the host's shell would; its SIGCONT comes back as a host signal. */
void console_host_stop(int sig);
/* The program set the console's terminal modes: ./run applies the ones
 * that shape input and echo to its own terminal (c_cc[0..16]). */
void console_host_termios(uint32_t iflag, uint32_t oflag, uint32_t lflag,
                          const uint8_t cc[17]);
/* Job control for a process using the console as a terminal (Linux's
 * tty_check_change): 0 when the caller may go on; for one of the
 * console's session outside the foreground group, its group gets sig
 * (SIGTTIN for a read, SIGTTOU for a change or, with TOSTOP, a write) and
 * the call restarts once it goes on (-ERESTARTSYS), or -EIO where
 * nothing could stop it: an orphaned group, or SIGTTIN ignored or
 * blocked.  An ignored or blocked SIGTTOU lets it go on
 * (kernel/fs/devfs.c). */
int console_job_check(int sig);

#endif
