build2/guest/kernel/fs/procfs.c.o: kernel/fs/procfs.c kernel/fs/file.h \
 kernel/fs/vfs.h kernel/kernel.h kernel/errno.h kernel/wait.h \
 syscall/linux.h kernel/proc.h kernel/time.h mm/mm.h
