build2/guest/kernel/sched.c.o: kernel/sched.c hal/hal.h kernel/cputime.h \
 kernel/kernel.h kernel/errno.h kernel/lock.h kernel/rseq.h kernel/task.h \
 kernel/timer.h syscall/linux.h kernel/time.h mm/mm.h
