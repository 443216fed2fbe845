build2/guest/syscall/ids.c.o: syscall/ids.c kernel/kernel.h \
 kernel/errno.h kernel/proc.h syscall/caps.h
