build2/guest/kernel/fs/space.c.o: kernel/fs/space.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
