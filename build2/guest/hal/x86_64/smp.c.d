build2/guest/hal/x86_64/smp.c.o: hal/x86_64/smp.c hal/hal.h \
 hal/x86_64/percpu.h include/abi.h kernel/kernel.h kernel/errno.h mm/mm.h
