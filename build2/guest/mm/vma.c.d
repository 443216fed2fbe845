build2/guest/mm/vma.c.o: mm/vma.c kernel/kernel.h kernel/errno.h \
 kernel/fs/vfs.h mm/internal.h mm/mm.h
