# SPDX-License-Identifier: MIT
# bench/linux/: the Linux guest the bench compares against.  init is PID 1
# of its initramfs (static, musl); tsc_khz measures the host TSC's rate for
# the guest's command line.  The kernel comes from bench/linux/fetch.
BENCH_BINS += $(B)/bench/linux/init $(B)/bench/linux/tsc_khz

$(B)/bench/linux/%: bench/linux/%.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -O2 -Wall -Wextra -o $@ $<
