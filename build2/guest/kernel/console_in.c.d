build2/guest/kernel/console_in.c.o: kernel/console_in.c hal/hal.h \
 include/abi.h kernel/kernel.h kernel/errno.h kernel/boot.h \
 kernel/console.h kernel/fs/vfs.h kernel/signal.h kernel/time.h \
 kernel/task.h kernel/timer.h syscall/linux.h kernel/wait.h
