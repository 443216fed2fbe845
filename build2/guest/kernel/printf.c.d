build2/guest/kernel/printf.c.o: kernel/printf.c kernel/kernel.h \
 kernel/errno.h
