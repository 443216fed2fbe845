build2/guest/kernel/fs/procfs_cpu.c.o: kernel/fs/procfs_cpu.c hal/hal.h \
 kernel/fs/file.h kernel/fs/vfs.h kernel/kernel.h kernel/errno.h \
 kernel/wait.h syscall/linux.h
