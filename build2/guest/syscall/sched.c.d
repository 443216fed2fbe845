build2/guest/syscall/sched.c.o: syscall/sched.c kernel/kernel.h \
 kernel/errno.h kernel/proc.h kernel/task.h kernel/timer.h \
 syscall/linux.h
