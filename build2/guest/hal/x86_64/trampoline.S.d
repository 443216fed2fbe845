build2/guest/hal/x86_64/trampoline.S.o: hal/x86_64/trampoline.S
