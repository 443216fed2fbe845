build2/guest/hal/x86_64/fpu.c.o: hal/x86_64/fpu.c hal/hal.h \
 kernel/kernel.h kernel/errno.h
