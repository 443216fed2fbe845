build2/guest/syscall/time.c.o: syscall/time.c kernel/cputime.h \
 kernel/kernel.h kernel/errno.h kernel/task.h kernel/timer.h \
 syscall/linux.h kernel/time.h
