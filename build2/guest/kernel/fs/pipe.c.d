build2/guest/kernel/fs/pipe.c.o: kernel/fs/pipe.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/signal.h
