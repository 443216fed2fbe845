build2/guest/syscall/resident.c.o: syscall/resident.c kernel/kernel.h \
 kernel/errno.h mm/mm.h syscall/linux.h
