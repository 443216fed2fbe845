build2/guest/kernel/fs/namei.c.o: kernel/fs/namei.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
