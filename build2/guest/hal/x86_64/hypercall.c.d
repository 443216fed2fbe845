build2/guest/hal/x86_64/hypercall.c.o: hal/x86_64/hypercall.c hal/hal.h \
 hal/x86_64/io.h include/abi.h
