/* SPDX-License-Identifier: MIT */
/* Signals as the rest of the kernel raises them. */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

/* The program starts with the signals of mask ignored (bit s-1 for s). */
void signal_init(uint64_t ignored);
/* Signal sig sent to the program from outside (./run received it) or by
 * the kernel (a timer): it waits while blocked, is dropped if ignored,
 * else takes its effect. */
void signal_send(int sig);

#endif
