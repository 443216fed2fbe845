build2/guest/kernel/vdso.c.o: kernel/vdso.c hal/hal.h \
 hal/x86_64/vdso/vdso_data.h kernel/kernel.h kernel/errno.h kernel/time.h \
 kernel/vdso.h mm/mm.h syscall/linux.h
