# SPDX-License-Identifier: MIT
# make          kernel, monitor + launcher, test programs
# make test     unit tests, then every program natively and in the unikernel
# make bench    ours against a Linux guest and native (docs/bench.md), boot
#               floors, mmap/mprotect/munmap and threads; QUICK=1: small
# make fuzz-syscalls [SYSFUZZ_SEEDS=1-200] [SYSFUZZ_CALLS=3000]
#               [SYSFUZZ_TIME=1800] [SYSFUZZ_LIBC=musl|glibc|both]
#               run the in-guest syscall fuzzer (tests/sysfuzz/) with each
#               seed on every backend; lists the seeds that panic, crash,
#               hang or fail; starts no run after SYSFUZZ_TIME seconds
# make deps     install the Debian packages the project needs
B := build
.DEFAULT_GOAL := all
CC := gcc
HOSTCC ?= gcc

GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I. -Iinclude
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 -z noexecstack \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
	-T hal/x86_64/kernel.ld
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -I. -Iinclude -DUK_HOST

HAL_SRCS := hal/x86_64/pvh.S hal/x86_64/entry.S hal/x86_64/probe.S hal/x86_64/boot.c \
	hal/x86_64/apic.c hal/x86_64/tlb.c hal/x86_64/fpu.c hal/x86_64/context.c \
	hal/x86_64/sigframe.c hal/x86_64/smp.c hal/x86_64/trampoline.S \
	hal/x86_64/vdso_image.S \
	hal/x86_64/uaccess.S hal/x86_64/cpu.c hal/x86_64/trap.c \
	hal/x86_64/serial.c hal/x86_64/hypercall.c
KERNEL_SRCS := kernel/init.c kernel/lib.c kernel/printf.c kernel/log.c kernel/console.c \
	kernel/time.c kernel/timer.c kernel/random.c kernel/proc.c kernel/exec.c \
	kernel/console_in.c kernel/cputime.c kernel/lock.c kernel/sched.c \
	kernel/task.c kernel/process.c kernel/wait.c kernel/entry.c kernel/signal.c kernel/futex.c \
	kernel/rseq.c kernel/smp.c kernel/ptimer.c kernel/vdso.c kernel/dev/virtio.c
MM_SRCS :=
SYSCALL_SRCS := syscall/table.c syscall/mm.c syscall/proc.c syscall/time.c \
	syscall/signal.c syscall/thread.c syscall/exec.c syscall/wait.c syscall/misc.c syscall/trace.c \
	syscall/ids.c syscall/sched.c syscall/report.c syscall/usage.c \
	syscall/resident.c syscall/uts.c syscall/caps.c syscall/rseq.c \
	syscall/itimer.c syscall/ptimer.c
LOADER_SRCS :=
FS_SRCS :=
HOST_TESTS :=
RUN_SRCS := tools/run/main.c tools/run/archive.c tools/run/qemu.c tools/run/mounts.c
MONITOR_SRCS :=
TOOLS :=

include mm/build.mk
include loader/build.mk
include kernel/fs/build.mk
include tools/monitor/build.mk
include tools/firmware/build.mk
include tests/build.mk
include bench/real/build.mk
include tests/sysfuzz/build.mk
include bench/work/build.mk
include bench/linux/build.mk
-include tools/scan/build.mk

GUEST_SRCS := $(HAL_SRCS) $(KERNEL_SRCS) $(MM_SRCS) $(SYSCALL_SRCS) \
	$(LOADER_SRCS) $(FS_SRCS)
GUEST_OBJS := $(patsubst %,$(B)/guest/%.o,$(GUEST_SRCS))

all: $(B)/kernel.elf $(B)/firmware.bin $(B)/ukrun bins $(TOOLS)

$(B)/guest/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -c $< -o $@
$(B)/guest/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -c $< -o $@

# The vDSO: a shared object of its own, in ring 3, linked into the kernel
# image as data (hal/x86_64/vdso_image.S).
VDSO_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -fPIC -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-builtin -mgeneral-regs-only -I. \
	-nostdlib -shared -Wl,-soname=linux-vdso.so.1 -Wl,--hash-style=both \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=none
$(B)/vdso/vdso.so: hal/x86_64/vdso/vdso.c hal/x86_64/vdso/vdso_data.h \
		hal/x86_64/vdso/vdso.lds hal/x86_64/vdso/vdso.map
	@mkdir -p $(dir $@)
	$(CC) $(VDSO_CFLAGS) -Wl,-T,hal/x86_64/vdso/vdso.lds \
		-Wl,--version-script=hal/x86_64/vdso/vdso.map -o $@ $<
$(B)/guest/hal/x86_64/vdso_image.S.o: $(B)/vdso/vdso.so
$(B)/guest/hal/x86_64/vdso_image.S.o: GUEST_CFLAGS += -DVDSO_SO='"$(B)/vdso/vdso.so"'

$(B)/kernel.elf: $(GUEST_OBJS) hal/x86_64/kernel.ld
	$(CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_OBJS) -lgcc

$(B)/ukrun: $(RUN_SRCS) $(MONITOR_SRCS) include/abi.h $(wildcard tools/run/*.h tools/monitor/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -static -pthread -o $@ $(RUN_SRCS) $(MONITOR_SRCS)

test: all $(HOST_TESTS)
	tests/runner

# docs/coverage.md and docs/coverage.png, from the corpus (tools/coverage);
# QUICK=1: a few programs, the report in build/coverage/report/ (for CI).
coverage: all
	tools/coverage $(if $(filter 1,$(QUICK)),--quick)

# Bounded fuzzing of the parsers of untrusted input (ELF, boot archive).
fuzz: fuzz-elf fuzz-cpio fuzz-scan

# The workloads of bench/: static musl programs, like the test programs.
$(B)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -O2 -Wall -o $@ $<

# make bench: the comparison against a Linux guest and native (writes
# docs/bench.md and docs/bench.png), then boot floors, mappings, threads.
# make bench QUICK=1: the comparison only, small, its report in
# build/bench/report/ (CI runs it to check that the report builds).
bench: all floors $(B)/unit/test_monitor $(B)/bench/mmap_work \
		$(BENCH_BINS)
ifeq ($(QUICK),1)
	bench/compare --icount --quick
else
	bench/compare --icount
	bench/boot
	bench/mmap
	bench/threads
endif

# Install the Debian packages, then build, so that ./run works right after.
deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		gcc make libc6-dev qemu-system-x86 musl-tools libelf-dev busybox-static \
		bash-static sash cpio libcapstone-dev golang-go clang libclang-rt-14-dev python3 \
		gnuplot-nox time libsqlite3-dev liblua5.4-dev gawk lua5.4 sqlite3 \
		perl gzip coreutils
	$(MAKE) all

clean:
	rm -rf $(B)

.PHONY: all test bench deps clean bins fuzz coverage
-include $(shell find $(B) -name '*.d' 2>/dev/null)
