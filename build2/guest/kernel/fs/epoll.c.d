build2/guest/kernel/fs/epoll.c.o: kernel/fs/epoll.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/fs/fs_syscalls.h kernel/time.h
