build2/guest/kernel/fs/poll.c.o: kernel/fs/poll.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h
