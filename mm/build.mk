# SPDX-License-Identifier: MIT
# mm/: frames, page tables, the kernel heap and the program's mappings.
# The mappings (vma.c and the tree under them, vma_tree.c) also build into
# a host unit test, with fakes for the page tables, files and rlimits.
MM_SRCS += mm/uaccess.c mm/frame.c mm/heap.c mm/paging.c mm/vma.c \
	mm/vma_tree.c mm/fault.c mm/space.c

VMA_TEST_SRCS := tests/unit/test_vma.c mm/vma.c mm/vma_tree.c
VMA_DEPS := mm/mm.h mm/vma_tree.h mm/internal.h kernel/kernel.h \
	kernel/proc.h kernel/fs/vfs.h syscall/linux.h
VMA_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_TESTS += $(B)/unit/test_vma.ok

$(B)/unit/test_vma: $(VMA_TEST_SRCS) $(VMA_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(VMA_SAN) -o $@ $(VMA_TEST_SRCS)

$(B)/unit/test_vma.ok: $(B)/unit/test_vma
	$(B)/unit/test_vma
	@touch $@
