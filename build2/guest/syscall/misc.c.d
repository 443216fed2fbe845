build2/guest/syscall/misc.c.o: syscall/misc.c kernel/kernel.h \
 kernel/errno.h kernel/random.h syscall/linux.h
