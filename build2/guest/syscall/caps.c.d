build2/guest/syscall/caps.c.o: syscall/caps.c kernel/kernel.h \
 kernel/errno.h kernel/proc.h syscall/caps.h
