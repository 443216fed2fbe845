build2/guest/kernel/rseq.c.o: kernel/rseq.c hal/hal.h kernel/kernel.h \
 kernel/errno.h kernel/proc.h kernel/rseq.h kernel/task.h kernel/timer.h \
 syscall/linux.h mm/mm.h
