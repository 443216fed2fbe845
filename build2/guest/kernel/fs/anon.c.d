build2/guest/kernel/fs/anon.c.o: kernel/fs/anon.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
