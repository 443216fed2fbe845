build2/guest/kernel/fs/iter.c.o: kernel/fs/iter.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
