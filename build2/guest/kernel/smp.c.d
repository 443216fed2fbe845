build2/guest/kernel/smp.c.o: kernel/smp.c hal/hal.h kernel/boot.h \
 kernel/kernel.h kernel/errno.h kernel/lock.h kernel/task.h \
 kernel/timer.h syscall/linux.h mm/mm.h
