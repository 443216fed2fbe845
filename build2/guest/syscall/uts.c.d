build2/guest/syscall/uts.c.o: syscall/uts.c kernel/kernel.h \
 kernel/errno.h syscall/linux.h
