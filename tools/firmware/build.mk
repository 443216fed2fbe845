# SPDX-License-Identifier: MIT
# The firmware ./run gives QEMU (-bios): reset vector to the kernel's PVH
# entry, 64 KiB ending at 4 GiB.

$(B)/firmware.bin: tools/firmware/firmware.S tools/firmware/firmware.ld
	@mkdir -p $(B)/firmware
	$(CC) -m32 -c -o $(B)/firmware/firmware.o tools/firmware/firmware.S
	$(LD) -m elf_i386 -T tools/firmware/firmware.ld -o $(B)/firmware/firmware.elf \
		$(B)/firmware/firmware.o
	objcopy -O binary $(B)/firmware/firmware.elf $@
