build2/guest/kernel/fs/eventfd.c.o: kernel/fs/eventfd.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/fs/fs_syscalls.h
