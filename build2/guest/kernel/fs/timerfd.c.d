build2/guest/kernel/fs/timerfd.c.o: kernel/fs/timerfd.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/fs/fs_syscalls.h kernel/time.h kernel/timer.h
