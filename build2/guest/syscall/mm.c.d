build2/guest/syscall/mm.c.o: syscall/mm.c kernel/kernel.h kernel/errno.h \
 kernel/fs/vfs.h mm/mm.h syscall/linux.h syscall/syscall.h
