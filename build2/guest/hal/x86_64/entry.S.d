build2/guest/hal/x86_64/entry.S.o: hal/x86_64/entry.S hal/x86_64/regs.h \
 hal/hal.h hal/x86_64/percpu.h
