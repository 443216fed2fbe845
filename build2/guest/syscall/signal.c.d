build2/guest/syscall/signal.c.o: syscall/signal.c hal/hal.h \
 kernel/kernel.h kernel/errno.h kernel/proc.h kernel/signal.h \
 kernel/task.h kernel/timer.h syscall/linux.h kernel/time.h kernel/wait.h \
 syscall/caps.h
