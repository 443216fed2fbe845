# SPDX-License-Identifier: MIT
# loader/: ELF validation and the initial stack.  The same two files build
# into the kernel, the host unit test and the libFuzzer harness.
LOADER_SRCS += loader/elf.c loader/stack.c

LOADER_DEPS := loader/elf.h loader/stack.h kernel/kernel.h \
	tests/unit/bad_elfs.h tests/unit/bad_elfs.def tests/fuzz/fuzz_elf_check.h
LOADER_TEST_SRCS := tests/unit/test_loader.c tests/unit/bad_elfs.c \
	loader/elf.c loader/stack.c
LOADER_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_TESTS += $(B)/unit/test_loader.ok

$(B)/unit/test_loader: $(LOADER_TEST_SRCS) $(LOADER_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(LOADER_SAN) -o $@ $(LOADER_TEST_SRCS)

# Real binaries (musl, gcc static and static-pie, Go) are built on the fly;
# every file in tests/fuzz/corpus_elf is replayed as a regression input.
$(B)/unit/test_loader.ok: $(B)/unit/test_loader tests/unit/test_loader_bins.sh \
		$(wildcard tests/fuzz/corpus_elf/*)
	tests/unit/test_loader_bins.sh $(B)/unit/loader_bins
	ASAN_OPTIONS=detect_leaks=0 $(B)/unit/test_loader $(B)/unit/loader_bins \
		tests/fuzz/corpus_elf
	@touch $@

# make fuzz-elf [FUZZ_ELF_TIME=seconds]: new inputs go to $(B)/fuzz/corpus_elf,
# crashes to $(B)/fuzz/crash-*; copy those into tests/fuzz/corpus_elf.
FUZZ_CC ?= clang
FUZZ_ELF_TIME ?= 60
$(B)/fuzz/fuzz_elf: tests/fuzz/fuzz_elf.c loader/elf.c loader/stack.c $(LOADER_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I. -Iinclude -DUK_HOST -o $@ \
		tests/fuzz/fuzz_elf.c loader/elf.c loader/stack.c

fuzz-elf: $(B)/fuzz/fuzz_elf
	@mkdir -p $(B)/fuzz/corpus_elf
	$(B)/fuzz/fuzz_elf -max_total_time=$(FUZZ_ELF_TIME) \
		-artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus_elf tests/fuzz/corpus_elf

.PHONY: fuzz-elf
