build2/guest/hal/x86_64/serial.c.o: hal/x86_64/serial.c hal/hal.h \
 hal/x86_64/io.h
