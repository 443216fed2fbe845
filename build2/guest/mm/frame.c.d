build2/guest/mm/frame.c.o: mm/frame.c include/abi.h kernel/kernel.h \
 kernel/errno.h mm/internal.h mm/mm.h
