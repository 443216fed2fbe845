build2/guest/loader/elf.c.o: loader/elf.c loader/elf.h kernel/kernel.h \
 kernel/errno.h
