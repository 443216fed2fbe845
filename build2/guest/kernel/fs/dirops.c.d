build2/guest/kernel/fs/dirops.c.o: kernel/fs/dirops.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
