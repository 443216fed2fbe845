build2/guest/hal/x86_64/uaccess.S.o: hal/x86_64/uaccess.S
