# SPDX-License-Identifier: MIT
# sysfuzz, the in-guest syscall fuzzer (tests/sysfuzz/): one static program
# per libc, run by tests/runner (cases "fuzz:syscalls seed=K") and by
# `make fuzz-syscalls` (tests/sysfuzz/run-seeds: many seeds, every backend).
SYSFUZZ_SRCS := $(wildcard tests/sysfuzz/*.c)
SYSFUZZ_BINS := $(B)/sysfuzz/musl/sysfuzz $(B)/sysfuzz/glibc/sysfuzz
SYSFUZZ_SEEDS ?= 1-200
SYSFUZZ_CALLS ?= 3000
SYSFUZZ_TIME ?= 1800
SYSFUZZ_LIBC ?= musl

$(B)/sysfuzz/musl/sysfuzz: $(SYSFUZZ_SRCS) tests/sysfuzz/sysfuzz.h
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(TEST_CFLAGS) -Wextra -o $@ $(SYSFUZZ_SRCS)

$(B)/sysfuzz/glibc/sysfuzz: $(SYSFUZZ_SRCS) tests/sysfuzz/sysfuzz.h
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(TEST_CFLAGS) -Wextra -o $@ $(SYSFUZZ_SRCS)

bins: $(SYSFUZZ_BINS)

fuzz-syscalls: $(B)/kernel.elf $(B)/ukrun $(SYSFUZZ_BINS) $(B)/bins/musl/hello
	tests/sysfuzz/run-seeds --seeds '$(SYSFUZZ_SEEDS)' \
		--calls $(SYSFUZZ_CALLS) --time $(SYSFUZZ_TIME) --libc $(SYSFUZZ_LIBC)

.PHONY: fuzz-syscalls
