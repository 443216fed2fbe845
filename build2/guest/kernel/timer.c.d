build2/guest/kernel/timer.c.o: kernel/timer.c hal/hal.h kernel/kernel.h \
 kernel/errno.h kernel/time.h kernel/timer.h
