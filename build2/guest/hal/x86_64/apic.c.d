build2/guest/hal/x86_64/apic.c.o: hal/x86_64/apic.c hal/hal.h \
 hal/x86_64/percpu.h kernel/kernel.h kernel/errno.h mm/mm.h
