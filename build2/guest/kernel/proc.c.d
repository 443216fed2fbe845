build2/guest/kernel/proc.c.o: kernel/proc.c include/abi.h kernel/kernel.h \
 kernel/errno.h kernel/boot.h kernel/proc.h syscall/syscall.h
