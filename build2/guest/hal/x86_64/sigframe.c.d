build2/guest/hal/x86_64/sigframe.c.o: hal/x86_64/sigframe.c hal/hal.h \
 hal/x86_64/regs.h kernel/kernel.h kernel/errno.h mm/mm.h
