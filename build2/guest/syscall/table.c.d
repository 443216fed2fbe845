build2/guest/syscall/table.c.o: syscall/table.c hal/hal.h \
 hal/x86_64/regs.h kernel/kernel.h kernel/errno.h kernel/task.h \
 kernel/timer.h syscall/linux.h syscall/syscall.h syscall/syscalls.def
