build2/guest/kernel/fs/devfs.c.o: kernel/fs/devfs.c kernel/console.h \
 kernel/fs/file.h kernel/fs/vfs.h kernel/kernel.h kernel/errno.h \
 kernel/wait.h syscall/linux.h kernel/proc.h kernel/random.h
