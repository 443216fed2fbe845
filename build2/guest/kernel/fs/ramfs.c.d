build2/guest/kernel/fs/ramfs.c.o: kernel/fs/ramfs.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/time.h
