build2/guest/syscall/itimer.c.o: syscall/itimer.c kernel/kernel.h \
 kernel/errno.h kernel/ptimer.h kernel/timer.h syscall/linux.h
