# SPDX-License-Identifier: MIT
# The built-in KVM monitor (linked into build/ukrun), its tests and the
# tiny guests used by those tests and by the benchmark floors.

# The 9P2000.L server of the -v mounts: no KVM in it, so the unit test and
# the fuzzer link it alone.
P9_SRCS := tools/monitor/p9.c tools/monitor/p9_file.c tools/monitor/p9_dir.c
MONITOR_SRCS += tools/monitor/vm.c tools/monitor/boot.c tools/monitor/events.c \
	tools/monitor/cpu_x86_64.c tools/monitor/hypercall.c tools/monitor/run.c \
	tools/monitor/terminal.c tools/monitor/virtio_mmio.c $(P9_SRCS)

# Benchmark floors: an empty VM on the built-in monitor, and a PVH kernel
# that exits at once under QEMU (exit status 1 with isa-debug-exit).
GUEST_EMPTY := $(B)/guests/empty.elf
GUEST_PVH_EXIT := $(B)/guests/pvh-exit.elf

MONITOR_EVIL := gpa gpa-edge len buf read port port0 portmax size in rep \
	mmio hlt triple
MONITOR_GUESTS := $(patsubst %,$(B)/guests/%.elf,hello empty echo bootinfo \
	badfd pollwait) $(patsubst %,$(B)/guests/evil-%.elf,$(MONITOR_EVIL)) \
	$(GUEST_PVH_EXIT)
MONITOR_GUEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -ffreestanding -fno-pic \
	-fno-pie -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables -Iinclude
MONITOR_GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,--build-id=none -Wl,--no-warn-rwx-segments
MONITOR_GUEST_DEPS := tests/guests/guest.h tests/guests/guest.ld include/abi.h

$(B)/guests/%.elf: tests/guests/%.c $(MONITOR_GUEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(MONITOR_GUEST_CFLAGS) $(MONITOR_GUEST_LDFLAGS) \
		-Wl,-T,tests/guests/guest.ld -o $@ $<

$(B)/guests/evil-%.elf: tests/guests/evil.c $(MONITOR_GUEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(MONITOR_GUEST_CFLAGS) $(MONITOR_GUEST_LDFLAGS) \
		-DEVIL_CASE=evil_$(subst -,_,$*) \
		-Wl,-T,tests/guests/guest.ld -o $@ $<

$(GUEST_PVH_EXIT): tests/guests/pvh-exit.c tests/guests/pvh.ld include/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(MONITOR_GUEST_CFLAGS) $(MONITOR_GUEST_LDFLAGS) \
		-Wl,-T,tests/guests/pvh.ld -o $@ $<

$(B)/unit/test_monitor: tests/unit/test_monitor.c $(MONITOR_SRCS) \
		tools/monitor/monitor.h include/abi.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -pthread -o $@ tests/unit/test_monitor.c $(MONITOR_SRCS)

# Exit 77 from the test driver means /dev/kvm is not usable: a skip, and
# no stamp, so the tests run again where it is.
$(B)/unit/test_monitor.stamp: $(B)/unit/test_monitor $(MONITOR_GUESTS)
	@$(B)/unit/test_monitor $(B)/guests; rc=$$?; \
	if [ $$rc -eq 77 ]; then exit 0; fi; \
	if [ $$rc -ne 0 ]; then exit 1; fi; touch $@

HOST_TESTS += $(B)/unit/test_monitor.stamp

# The 9P server and the virtqueue code, on a temporary tree with symlinks
# planted to lead outside it; every file in tests/fuzz/corpus_p9 is
# replayed through the fuzz harness as a regression input.
P9_TEST_SRCS := tests/unit/test_p9.c tests/unit/test_p9_vq.c \
	tests/fuzz/fuzz_p9.c tools/monitor/virtio_mmio.c $(P9_SRCS)
P9_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
$(B)/unit/test_p9: $(P9_TEST_SRCS) tests/unit/test_p9.h tools/monitor/p9.h \
		tools/monitor/monitor.h include/abi.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(P9_SAN) -pthread -o $@ $(P9_TEST_SRCS)

$(B)/unit/test_p9.ok: $(B)/unit/test_p9 $(wildcard tests/fuzz/corpus_p9/*)
	$(B)/unit/test_p9 tests/fuzz/corpus_p9
	@touch $@

HOST_TESTS += $(B)/unit/test_p9.ok

# make fuzz-p9 [FUZZ_P9_TIME=seconds]: new inputs go to $(B)/fuzz/corpus_p9,
# crashes to $(B)/fuzz/crash-*; copy those into tests/fuzz/corpus_p9, which
# the unit test replays.
FUZZ_CC ?= clang
FUZZ_P9_TIME ?= 60
$(B)/fuzz/fuzz_p9: tests/fuzz/fuzz_p9.c $(P9_SRCS) tools/monitor/p9.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I. -Iinclude -DUK_HOST -o $@ \
		tests/fuzz/fuzz_p9.c $(P9_SRCS)

fuzz-p9: $(B)/fuzz/fuzz_p9
	@mkdir -p $(B)/fuzz/corpus_p9
	$(B)/fuzz/fuzz_p9 -max_total_time=$(FUZZ_P9_TIME) \
		-artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus_p9 tests/fuzz/corpus_p9

fuzz: fuzz-p9

floors: $(GUEST_EMPTY) $(GUEST_PVH_EXIT)

.PHONY: floors fuzz-p9
