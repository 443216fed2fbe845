# SPDX-License-Identifier: MIT
# tools/scan/: ./scan app.elf, the static syscall scanner (libelf for the
# ELF, Capstone for the code), which follows a dynamic program into the
# libraries ld.so would load.  The same files build into the tool, the
# unit test and the libFuzzer harness.
SCAN_SRCS := tools/scan/elfio.c tools/scan/sweep.c tools/scan/step.c \
	tools/scan/resolve.c tools/scan/wrappers.c tools/scan/scan.c \
	tools/scan/report.c tools/scan/dynamic.c tools/scan/ldcache.c \
	tools/scan/search.c tools/scan/merge.c tools/scan/closure.c
SCAN_DEPS := tools/scan/scan.h tools/scan/step.h syscall/syscalls.def
SCAN_LIBS := -lelf -lcapstone
SCAN_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
TOOLS += $(B)/scan
HOST_TESTS += $(B)/unit/test_scan.ok

$(B)/scan: $(SCAN_SRCS) tools/scan/main.c $(SCAN_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(SCAN_SRCS) tools/scan/main.c $(SCAN_LIBS)

# The fuzz harness links in too: the test replays inputs through it.
SCAN_TEST_SRCS := tests/unit/test_scan.c tests/unit/test_scan_bad.c \
	tests/unit/test_scan_dyn.c tests/fuzz/fuzz_scan.c $(SCAN_SRCS)
$(B)/unit/test_scan: $(SCAN_TEST_SRCS) tests/unit/test_scan.h $(SCAN_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SCAN_SAN) -o $@ $(SCAN_TEST_SRCS) $(SCAN_LIBS)

# Test inputs (tests/scan/*.S, hello with musl, glibc and Go, dynamic
# programs with their libraries in odd places) are built by the script; a
# missing toolchain is reported and its kind skipped.  The dynamic closure
# starts from the gcc-built dynamic hello of `make bins`.  Every file in
# tests/fuzz/corpus_scan (and the loader's malformed ELFs in
# tests/fuzz/corpus_elf) is replayed as a regression input.
$(B)/unit/test_scan.ok: $(B)/unit/test_scan $(B)/scan $(B)/bins/dyn/hello \
		tests/unit/test_scan_bins.sh $(wildcard tests/scan/*) \
		$(wildcard tests/fuzz/corpus_scan/*)
	tests/unit/test_scan_bins.sh $(B)/unit/scan_bins
	$(B)/unit/test_scan --dyn $(B)/bins/dyn/hello $(B)/scan \
		$(B)/unit/scan_bins tests/fuzz/corpus_scan \
		$(wildcard tests/fuzz/corpus_elf)
	@touch $@

# make fuzz-scan [FUZZ_SCAN_TIME=seconds]: new inputs go to
# $(B)/fuzz/corpus_scan, crashes to $(B)/fuzz/crash-*; copy those into
# tests/fuzz/corpus_scan, which the unit test replays.
FUZZ_CC ?= clang
FUZZ_SCAN_TIME ?= 60
$(B)/fuzz/fuzz_scan: tests/fuzz/fuzz_scan.c $(SCAN_SRCS) $(SCAN_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I. -Iinclude -DUK_HOST -o $@ \
		tests/fuzz/fuzz_scan.c $(SCAN_SRCS) $(SCAN_LIBS)

fuzz-scan: $(B)/fuzz/fuzz_scan
	@mkdir -p $(B)/fuzz/corpus_scan
	$(B)/fuzz/fuzz_scan -max_total_time=$(FUZZ_SCAN_TIME) \
		-artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus_scan tests/fuzz/corpus_scan

.PHONY: fuzz-scan
