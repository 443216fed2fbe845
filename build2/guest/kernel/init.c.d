build2/guest/kernel/init.c.o: kernel/init.c hal/hal.h include/abi.h \
 kernel/kernel.h kernel/errno.h kernel/boot.h kernel/fs/vfs.h \
 kernel/lock.h kernel/proc.h kernel/task.h kernel/timer.h syscall/linux.h \
 kernel/signal.h kernel/vdso.h mm/mm.h syscall/syscall.h
