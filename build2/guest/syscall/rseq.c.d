build2/guest/syscall/rseq.c.o: syscall/rseq.c kernel/kernel.h \
 kernel/errno.h kernel/proc.h kernel/task.h kernel/timer.h \
 syscall/linux.h mm/mm.h
