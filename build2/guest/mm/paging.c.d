build2/guest/mm/paging.c.o: mm/paging.c hal/hal.h include/abi.h \
 kernel/kernel.h kernel/errno.h mm/internal.h mm/mm.h syscall/linux.h
