build2/guest/hal/x86_64/trap.c.o: hal/x86_64/trap.c hal/hal.h \
 hal/x86_64/regs.h kernel/cputime.h kernel/kernel.h kernel/errno.h \
 kernel/proc.h kernel/signal.h mm/mm.h syscall/linux.h
