# SPDX-License-Identifier: MIT
# The "real program" workloads of bench/compare (bench/real/):
#   $(B)/bench/{glibc,musl}/sqlite  Debian's libsqlite3.a, in-memory database
#   $(B)/bench/{glibc,musl}/lua     Debian's liblua5.4.a, an embedded script
#   $(B)/bench/go/gowork            encoding/json and channel ping-pong
#   $(B)/bench/mkinput              the 16 MiB input of busybox gzip/bzip2
#                                   (a host tool; command lines in mkinput.c)
# Debian builds libsqlite3.a and liblua5.4.a for glibc, with
# _FORTIFY_SOURCE: linked with musl as they are, __memcpy_chk,
# __snprintf_chk, fcntl64 and a few more are undefined.  The musl builds add
# bench/real/musl_chk.c, which defines those over musl's own functions, and
# find the two libraries' headers after musl's (-idirafter), so that no
# glibc header replaces a musl one.  Both builds check their results and
# pass; they differ mostly in malloc (musl's lua makes about one mmap and
# one munmap per iteration, glibc's none).  The glibc links warn that dlopen
# (SQLite extensions, Lua's C modules) needs the shared libc at run time;
# the workloads never load a module.
REAL_DEB_LIB := /usr/lib/x86_64-linux-gnu
REAL_MUSL_INC := -idirafter /usr/include -idirafter /usr/include/x86_64-linux-gnu
REAL_CFLAGS := -O2 -Wall
REAL_LUA_INC := -I/usr/include/lua5.4

$(B)/bench/glibc/sqlite: bench/real/sqlite.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(REAL_CFLAGS) -o $@ $< -lsqlite3 -lm

$(B)/bench/musl/sqlite: bench/real/sqlite.c bench/real/musl_chk.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(REAL_CFLAGS) $(REAL_MUSL_INC) -o $@ $< \
		bench/real/musl_chk.c $(REAL_DEB_LIB)/libsqlite3.a -lm

$(B)/bench/glibc/lua: bench/real/lua.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(TEST_CC) -static $(REAL_CFLAGS) $(REAL_LUA_INC) -o $@ $< -llua5.4 -lm

$(B)/bench/musl/lua: bench/real/lua.c bench/real/musl_chk.c bench/work/work.h
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static $(REAL_CFLAGS) $(REAL_MUSL_INC) $(REAL_LUA_INC) -o $@ $< \
		bench/real/musl_chk.c $(REAL_DEB_LIB)/liblua5.4.a -lm

$(B)/bench/go/gowork: $(wildcard bench/real/gowork/*.go)
	@mkdir -p $(dir $@)
	$(GO_ENV) $(GO) build -trimpath -o $@ ./bench/real/gowork

$(B)/bench/mkinput: bench/real/mkinput.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -o $@ $<

REAL_BINS := $(B)/bench/glibc/sqlite $(B)/bench/musl/sqlite \
	$(B)/bench/glibc/lua $(B)/bench/musl/lua $(B)/bench/go/gowork \
	$(B)/bench/mkinput
BENCH_BINS += $(REAL_BINS)

.PHONY: bench-real
bench-real: $(REAL_BINS)
