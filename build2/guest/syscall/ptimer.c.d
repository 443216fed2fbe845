build2/guest/syscall/ptimer.c.o: syscall/ptimer.c kernel/kernel.h \
 kernel/errno.h kernel/proc.h kernel/ptimer.h kernel/timer.h \
 kernel/task.h syscall/linux.h kernel/time.h
