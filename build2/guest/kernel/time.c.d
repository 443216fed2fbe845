build2/guest/kernel/time.c.o: kernel/time.c hal/hal.h kernel/kernel.h \
 kernel/errno.h kernel/boot.h kernel/time.h kernel/vdso.h kernel/timer.h \
 kernel/wait.h
