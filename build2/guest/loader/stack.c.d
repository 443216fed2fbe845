build2/guest/loader/stack.c.o: loader/stack.c loader/stack.h \
 kernel/kernel.h kernel/errno.h
