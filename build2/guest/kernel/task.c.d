build2/guest/kernel/task.c.o: kernel/task.c hal/hal.h include/abi.h \
 kernel/futex.h kernel/kernel.h kernel/errno.h kernel/proc.h \
 kernel/signal.h kernel/task.h kernel/timer.h syscall/linux.h mm/mm.h
