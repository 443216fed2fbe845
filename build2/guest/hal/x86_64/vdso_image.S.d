build2/guest/hal/x86_64/vdso_image.S.o: hal/x86_64/vdso_image.S
