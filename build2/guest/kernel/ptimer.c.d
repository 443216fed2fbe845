build2/guest/kernel/ptimer.c.o: kernel/ptimer.c hal/hal.h \
 kernel/cputime.h kernel/kernel.h kernel/errno.h kernel/ptimer.h \
 kernel/timer.h kernel/signal.h kernel/task.h syscall/linux.h \
 kernel/time.h
