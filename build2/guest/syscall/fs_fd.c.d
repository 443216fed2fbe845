build2/guest/syscall/fs_fd.c.o: syscall/fs_fd.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/fs/fs_syscalls.h
