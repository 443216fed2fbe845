build2/guest/kernel/fs/signalfd.c.o: kernel/fs/signalfd.c \
 kernel/fs/file.h kernel/fs/vfs.h kernel/kernel.h kernel/errno.h \
 kernel/wait.h syscall/linux.h kernel/fs/fs_syscalls.h kernel/signal.h \
 kernel/task.h kernel/timer.h
