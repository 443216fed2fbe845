build2/guest/mm/heap.c.o: mm/heap.c kernel/kernel.h kernel/errno.h \
 mm/internal.h mm/mm.h
