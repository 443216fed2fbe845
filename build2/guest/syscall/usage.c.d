build2/guest/syscall/usage.c.o: syscall/usage.c kernel/cputime.h \
 kernel/kernel.h kernel/errno.h kernel/proc.h kernel/time.h mm/mm.h \
 syscall/linux.h
