build2/guest/mm/uaccess.c.o: mm/uaccess.c hal/hal.h kernel/kernel.h \
 kernel/errno.h mm/mm.h
