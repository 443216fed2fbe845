build2/guest/kernel/fs/ramfs_file.c.o: kernel/fs/ramfs_file.c \
 kernel/fs/file.h kernel/fs/vfs.h kernel/kernel.h kernel/errno.h \
 kernel/wait.h syscall/linux.h
