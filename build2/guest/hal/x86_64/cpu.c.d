build2/guest/hal/x86_64/cpu.c.o: hal/x86_64/cpu.c hal/hal.h \
 hal/x86_64/percpu.h hal/x86_64/regs.h include/abi.h kernel/kernel.h \
 kernel/errno.h mm/mm.h
