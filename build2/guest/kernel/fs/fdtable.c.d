build2/guest/kernel/fs/fdtable.c.o: kernel/fs/fdtable.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
