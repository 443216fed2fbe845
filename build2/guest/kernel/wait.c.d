build2/guest/kernel/wait.c.o: kernel/wait.c kernel/kernel.h \
 kernel/errno.h kernel/signal.h kernel/task.h kernel/timer.h \
 syscall/linux.h kernel/wait.h
