build2/guest/syscall/proc.c.o: syscall/proc.c hal/hal.h include/abi.h \
 kernel/kernel.h kernel/errno.h kernel/fs/vfs.h kernel/proc.h \
 kernel/task.h kernel/timer.h syscall/linux.h kernel/time.h mm/mm.h \
 syscall/caps.h
