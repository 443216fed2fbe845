build2/guest/mm/fault.c.o: mm/fault.c kernel/kernel.h kernel/errno.h \
 kernel/fs/vfs.h mm/internal.h mm/mm.h syscall/linux.h
