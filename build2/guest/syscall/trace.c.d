build2/guest/syscall/trace.c.o: syscall/trace.c hal/x86_64/regs.h \
 kernel/kernel.h kernel/errno.h kernel/console.h syscall/syscall.h
