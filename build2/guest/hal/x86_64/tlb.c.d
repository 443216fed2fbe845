build2/guest/hal/x86_64/tlb.c.o: hal/x86_64/tlb.c hal/hal.h \
 hal/x86_64/percpu.h kernel/kernel.h kernel/errno.h
