# SPDX-License-Identifier: MIT
# kernel/fs/ and syscall/fs*.c: the in-memory file system and the file
# descriptor system calls.  The same files build into the kernel, the host
# unit test (with fakes for the console, clocks, memory stats and CPUID)
# and the libFuzzer harness for the cpio unpacker.
FS_CORE := kernel/fs/iter.c kernel/fs/ramfs.c kernel/fs/ramfs_file.c \
	kernel/fs/namei.c kernel/fs/vfs.c kernel/fs/dirops.c kernel/fs/cpio.c \
	kernel/fs/fdtable.c kernel/fs/pipe.c kernel/fs/devfs.c \
	kernel/fs/procfs.c kernel/fs/procfs_cpu.c kernel/fs/procfs_pid.c kernel/fs/poll.c kernel/fs/space.c \
	kernel/fs/anon.c kernel/fs/epoll.c kernel/fs/eventfd.c kernel/fs/fs_proc.c
FS_SYSCALLS := syscall/fs.c syscall/fs_path.c syscall/fs_fd.c \
	syscall/fs_poll.c syscall/fs_attr.c syscall/fs_event.c
# Files that need the kernel's timers and signals: not in the host tests.
FS_GUEST := kernel/fs/timerfd.c kernel/fs/signalfd.c syscall/fs_timersig.c \
	kernel/fs/hostfs_ops.c kernel/fs/hostfs_cache.c \
	kernel/fs/hostfs.c kernel/fs/p9.c kernel/fs/overlay.c
FS_SRCS += $(FS_CORE) $(FS_SYSCALLS) $(FS_GUEST)

FS_DEPS := kernel/fs/vfs.h kernel/fs/file.h kernel/fs/fs_syscalls.h \
	kernel/kernel.h syscall/linux.h kernel/console.h kernel/time.h \
	kernel/random.h mm/mm.h hal/hal.h kernel/proc.h
FS_TEST_SRCS := tests/unit/test_fs.c tests/unit/test_fs_tree.c \
	tests/unit/test_fs_dev.c tests/unit/test_fs_cpio.c \
	tests/unit/test_fs_space.c tests/unit/test_fs_nomem.c \
	tests/unit/test_fs_fakes.c $(FS_CORE) $(FS_SYSCALLS)
FS_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
# kmalloc is malloc on the host: test_fs_nomem.c can make it fail
FS_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
HOST_TESTS += $(B)/unit/test_fs.ok

$(B)/unit/test_fs: $(FS_TEST_SRCS) $(FS_DEPS) tests/unit/test_fs.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(FS_SAN) $(FS_WRAP) -o $@ $(FS_TEST_SRCS)

$(B)/unit/test_fs.ok: $(B)/unit/test_fs $(wildcard tests/fuzz/corpus_cpio/*)
	$(B)/unit/test_fs tests/fuzz/corpus_cpio
	@touch $@

# make fuzz-cpio [FUZZ_CPIO_TIME=seconds]: new inputs go to
# $(B)/fuzz/corpus_cpio, crashes to $(B)/fuzz/crash-*; copy those into
# tests/fuzz/corpus_cpio, which the unit test replays.
FUZZ_CC ?= clang
FUZZ_CPIO_TIME ?= 60
FUZZ_CPIO_SRCS := tests/fuzz/fuzz_cpio.c tests/unit/test_fs_fakes.c \
	$(FS_CORE) $(FS_SYSCALLS)
$(B)/fuzz/fuzz_cpio: $(FUZZ_CPIO_SRCS) $(FS_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I. -Iinclude -DUK_HOST -o $@ \
		$(FUZZ_CPIO_SRCS)

fuzz-cpio: $(B)/fuzz/fuzz_cpio
	@mkdir -p $(B)/fuzz/corpus_cpio
	$(B)/fuzz/fuzz_cpio -max_total_time=$(FUZZ_CPIO_TIME) \
		-artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus_cpio tests/fuzz/corpus_cpio

.PHONY: fuzz-cpio
