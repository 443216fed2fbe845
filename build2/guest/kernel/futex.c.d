build2/guest/kernel/futex.c.o: kernel/futex.c hal/hal.h kernel/futex.h \
 kernel/kernel.h kernel/errno.h kernel/proc.h kernel/task.h \
 kernel/timer.h syscall/linux.h kernel/wait.h mm/mm.h
