build2/guest/kernel/random.c.o: kernel/random.c hal/hal.h kernel/kernel.h \
 kernel/errno.h kernel/boot.h kernel/random.h
