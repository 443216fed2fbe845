build2/guest/kernel/entry.c.o: kernel/entry.c hal/hal.h kernel/kernel.h \
 kernel/errno.h kernel/lock.h kernel/rseq.h kernel/signal.h kernel/task.h \
 kernel/timer.h syscall/linux.h
