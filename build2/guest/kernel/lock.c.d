build2/guest/kernel/lock.c.o: kernel/lock.c hal/hal.h kernel/lock.h
