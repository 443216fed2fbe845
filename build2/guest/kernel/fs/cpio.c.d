build2/guest/kernel/fs/cpio.c.o: kernel/fs/cpio.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
