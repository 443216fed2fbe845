build2/guest/hal/x86_64/boot.c.o: hal/x86_64/boot.c hal/hal.h \
 include/abi.h kernel/kernel.h kernel/errno.h
