build2/guest/hal/x86_64/context.c.o: hal/x86_64/context.c hal/hal.h \
 hal/x86_64/regs.h kernel/kernel.h kernel/errno.h
