build2/guest/hal/x86_64/pvh.S.o: hal/x86_64/pvh.S
