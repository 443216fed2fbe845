build2/guest/kernel/console.c.o: kernel/console.c hal/hal.h include/abi.h \
 kernel/kernel.h kernel/errno.h kernel/boot.h kernel/console.h
