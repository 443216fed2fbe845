build2/guest/kernel/exec.c.o: kernel/exec.c hal/hal.h include/abi.h \
 kernel/kernel.h kernel/errno.h kernel/boot.h kernel/fs/vfs.h \
 kernel/proc.h kernel/random.h kernel/task.h kernel/timer.h \
 syscall/linux.h kernel/vdso.h loader/elf.h loader/stack.h mm/mm.h \
 syscall/syscall.h
