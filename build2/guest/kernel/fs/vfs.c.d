build2/guest/kernel/fs/vfs.c.o: kernel/fs/vfs.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h mm/mm.h
