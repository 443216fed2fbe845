# SPDX-License-Identifier: MIT
# Test programs: every tests/bins/NAME.c is built static twice, with musl
# ($(B)/bins/musl/NAME) and glibc ($(B)/bins/glibc/NAME), and dynamically
# against glibc ($(B)/bins/dyn/NAME) and musl ($(B)/bins/musldyn/NAME),
# below. Plus static-PIE builds of
# hello, and a dynamic hello that needs an interpreter it is not given.
# Every tests/go/NAME.go is built static with CGO_ENABLED=0 ($(B)/bins/go/NAME).
MUSL_CC ?= musl-gcc
TEST_CC ?= gcc
# -pthread: the thread tests (both libcs have pthread in the static libc)
TEST_CFLAGS := -O2 -Wall -pthread
# musl's own crt files and libc.a, found through the musl-gcc wrapper
MUSL_LIBDIR ?= $(or $(patsubst %/musl-gcc.specs,%,$(shell sed -n \
	's|.*-specs "\([^"]*\)".*|\1|p' $$(command -v $(MUSL_CC)) 2>/dev/null)), \
	/usr/lib/x86_64-linux-musl)

TEST_NAMES := $(sort $(basename $(notdir $(wildcard tests/bins/*.c))))
TEST_BINS := $(TEST_NAMES:%=$(B)/bins/musl/%) $(TEST_NAMES:%=$(B)/bins/glibc/%) \
	$(B)/bins/glibc/hello-pie $(B)/bad/dynamic $(B)/bad/missing-lib
ifneq ($(wildcard $(MUSL_LIBDIR)/rcrt1.o),)
TEST_BINS += $(B)/bins/musl/hello-pie
endif

$(B)/bins/musl/%: tests/bins/%.c $(wildcard tests/bins/*.h)
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(TEST_CFLAGS) -o $@ $<

$(B)/bins/glibc/%: tests/bins/%.c $(wildcard tests/bins/*.h)
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(TEST_CFLAGS) -o $@ $<

$(B)/bins/glibc/hello-pie: tests/bins/hello.c
	@mkdir -p $(dir $@)
	$(TEST_CC) -static-pie -fPIE $(TEST_CFLAGS) -o $@ $<

# musl-gcc cannot link static-pie by itself: compile with it, then link
# rcrt1.o (the self-relocating start file) and libc.a by hand.
$(B)/bins/musl/hello-pie: tests/bins/hello.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -fPIE $(TEST_CFLAGS) -c -o $@.o $<
	$(TEST_CC) -static-pie -nostdlib -o $@ $(MUSL_LIBDIR)/rcrt1.o \
		$(MUSL_LIBDIR)/crti.o $$($(TEST_CC) -print-file-name=crtbeginS.o) \
		$@.o -L$(MUSL_LIBDIR) -lc $$($(TEST_CC) -print-libgcc-file-name) \
		$$($(TEST_CC) -print-file-name=crtendS.o) $(MUSL_LIBDIR)/crtn.o
	@rm -f $@.o

# A guest root with a shell and the usual commands, for the tests that
# start programs (system, popen, posix_spawn, tests/bash-procs.txt):
# busybox-static's, as Debian ships it, with a link per command (the
# tests pass --fs $(B)/shroot).
BUSYBOX ?= /bin/busybox
SHROOT_CMDS := cat sort head tail tr wc xargs find seq grep sed uniq rm \
	mkdir touch ls sleep expr basename dirname printf echo true false chmod
TEST_BINS += $(B)/shroot/bin/sh
$(B)/shroot/bin/sh: $(BUSYBOX) tests/build.mk
	@mkdir -p $(dir $@) $(B)/shroot/tmp
	cp $(BUSYBOX) $@
	for c in $(SHROOT_CMDS); do ln -sf sh $(B)/shroot/bin/$$c; done

$(B)/bad/dynamic: tests/bins/hello.c
	@mkdir -p $(dir $@)
	$(TEST_CC) $(TEST_CFLAGS) -o $@ $<

# A dynamic hello that needs libnosuch.so.9, which is gone once it is
# linked: ld.so's "error while loading shared libraries" and status 127.
$(B)/bad/missing-lib: tests/bins/hello.c
	@mkdir -p $(dir $@)
	printf 'int nosuch_symbol;\n' | $(TEST_CC) -shared -fPIC -x c - \
		-Wl,-soname,libnosuch.so.9 -o $(B)/bad/libnosuch.so.9
	$(TEST_CC) -O2 -o $@ $< -Wl,--no-as-needed $(B)/bad/libnosuch.so.9
	rm -f $(B)/bad/libnosuch.so.9

# The third build: dynamically linked against glibc ($(B)/bins/dyn/NAME),
# run with --fs $(B)/dynroot, a guest root holding the host's interpreter
# and the libraries the programs need (what ldd lists, and libgcc_s, which
# glibc opens for pthread_exit and pthread_cancel), at the same paths.
TEST_BINS += $(TEST_NAMES:%=$(B)/bins/dyn/%) $(B)/dynroot/.done
$(B)/bins/dyn/%: tests/bins/%.c $(wildcard tests/bins/*.h)
	@mkdir -p $(dir $@)
	$(TEST_CC) $(TEST_CFLAGS) -o $@ $<

$(B)/dynroot/.done: $(TEST_NAMES:%=$(B)/bins/dyn/%) tests/build.mk
	@mkdir -p $(B)/dynroot/tmp
	@for f in $$(ldd $(TEST_NAMES:%=$(B)/bins/dyn/%) | \
		sed -n 's|.*[ \t]\(/[^ ]*\) (0x.*|\1|p' | sort -u) \
		$$(/sbin/ldconfig -p | sed -n 's|.*libgcc_s.so.1 (libc6,x86-64) => ||p'); do \
		mkdir -p $(B)/dynroot$$(dirname $$f); \
		cp -L $$f $(B)/dynroot$$f; done
	@touch $@

# The fourth: dynamically linked against musl, whose interpreter is
# Debian's /lib/ld-musl-x86_64.so.1 (package musl): they run with the
# host's own system in view, ./run's default for a dynamic program.
TEST_BINS += $(TEST_NAMES:%=$(B)/bins/musldyn/%)
$(B)/bins/musldyn/%: tests/bins/%.c $(wildcard tests/bins/*.h)
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(TEST_CFLAGS) -o $@ $<

# Go programs, each one file of package main.  The build cache and GOPATH
# stay in the build directory, so nothing goes to $HOME.
GO ?= go
GO_NAMES := $(sort $(basename $(notdir $(wildcard tests/go/*.go))))
GO_BINS := $(GO_NAMES:%=$(B)/bins/go/%)
GO_ENV = CGO_ENABLED=0 GOENV=off GOFLAGS= GO111MODULE=off \
	GOCACHE=$(abspath $(B))/go-cache GOPATH=$(abspath $(B))/go-path

$(B)/bins/go/%: tests/go/%.go
	@mkdir -p $(dir $@)
	$(GO_ENV) $(GO) build -trimpath -o $@ $<

.PHONY: go-bins
go-bins: $(GO_BINS)

bins: $(TEST_BINS) $(GO_BINS)
