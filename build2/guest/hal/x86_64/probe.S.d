build2/guest/hal/x86_64/probe.S.o: hal/x86_64/probe.S hal/x86_64/regs.h
