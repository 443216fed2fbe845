build2/guest/kernel/cputime.c.o: kernel/cputime.c hal/hal.h \
 kernel/cputime.h kernel/kernel.h kernel/errno.h kernel/task.h \
 kernel/timer.h syscall/linux.h kernel/time.h
