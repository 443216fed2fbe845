# SPDX-License-Identifier: MIT
# The workloads of bench/compare: every bench/work/NAME.c built static
# twice, with musl ($(B)/bench/musl/NAME) and glibc ($(B)/bench/glibc/NAME),
# and bench/threads_work.c the same two ways.  All of them go to BENCH_BINS.
MUSL_CC ?= musl-gcc
TEST_CC ?= gcc
WORK_CFLAGS := -O2 -Wall -pthread
WORK_NAMES := $(sort $(basename $(notdir $(wildcard bench/work/*.c))))
WORK_BINS := $(foreach n,$(WORK_NAMES) threads_work, \
	$(B)/bench/musl/$(n) $(B)/bench/glibc/$(n))
BENCH_BINS += $(WORK_BINS)

$(B)/bench/musl/%: bench/work/%.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(WORK_CFLAGS) -o $@ $<

$(B)/bench/glibc/%: bench/work/%.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(WORK_CFLAGS) -o $@ $<

$(B)/bench/musl/threads_work: bench/threads_work.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(WORK_CFLAGS) -o $@ $<

$(B)/bench/glibc/threads_work: bench/threads_work.c
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(WORK_CFLAGS) -o $@ $<
