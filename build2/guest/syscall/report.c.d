build2/guest/syscall/report.c.o: syscall/report.c include/abi.h \
 kernel/console.h kernel/kernel.h kernel/errno.h syscall/syscall.h
