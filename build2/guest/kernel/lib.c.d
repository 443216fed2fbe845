build2/guest/kernel/lib.c.o: kernel/lib.c kernel/kernel.h kernel/errno.h
