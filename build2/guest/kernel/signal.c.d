build2/guest/kernel/signal.c.o: kernel/signal.c hal/hal.h include/abi.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/proc.h \
 kernel/ptimer.h kernel/timer.h kernel/rseq.h kernel/signal.h \
 kernel/task.h syscall/linux.h kernel/wait.h
