build2/guest/syscall/thread.c.o: syscall/thread.c hal/hal.h include/abi.h \
 kernel/futex.h kernel/kernel.h kernel/errno.h kernel/proc.h \
 kernel/task.h kernel/timer.h syscall/linux.h kernel/time.h kernel/wait.h \
 mm/mm.h
