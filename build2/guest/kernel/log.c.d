build2/guest/kernel/log.c.o: kernel/log.c include/abi.h kernel/kernel.h \
 kernel/errno.h kernel/console.h kernel/proc.h
